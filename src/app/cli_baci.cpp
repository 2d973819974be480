// `biodash baci`: Before-After-Control-Impact table for greening measures, headless.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>

#include "app/cli_args.hpp"
#include "app/commands.hpp"
#include "core/baci.hpp"
#include "core/error.hpp"
#include "core/metrics.hpp"
#include "core/spatial_sort.hpp"
#include "core/text.hpp"
#include "io/gdal_dataset.hpp"
#include "io/occurrence_parse.hpp"
#include "io/occurrence_reader.hpp"
#include "io/vector_reader.hpp"

namespace biodash::app {
namespace {

int usage(const char* msg) {
  std::fprintf(
      stderr,
      "biodash baci: %s\n"
      "usage: biodash baci --impact FILE[:LAYER] --control FILE[:LAYER] --observations FILE\n"
      "         [--id-field NAME] [--impact-ids M1,M2] [--control-ids C1]\n"
      "         [--date YYYY-MM-DD | --date-field carried_out] [--control-for-field control_for]\n"
      "         [--taxon NAME] [--quality research|needs_id|casual] [--rarefy M]\n"
      "For each impact area (or the listed ones) compares before and after the intervention\n"
      "date with the control areas: (I_after - I_before) - (C_after - C_before) of species\n"
      "richness, of rarefied richness (effort-fair, m = smallest record count of the four\n"
      "cells unless --rarefy) and of records, with observer-days beside them. Without --date\n"
      "each impact feature's date is read from --date-field, and its controls are those its\n"
      "control_ids field lists, else the control features whose --control-for-field lists\n"
      "its id, else all controls. Ids: --id-field, else id, measure_id or name.\n",
      msg);
  return 2;
}

std::string row(const char* period, const char* area, const BaciCell& c, uint64_t m) {
  char b[200];
  std::snprintf(b, sizeof b, "  %-7s %-8s %8llu %8u %9u %9llu %12.2f\n", period, area,
                static_cast<unsigned long long>(c.m.n_obs), c.m.n_species, c.m.n_observers,
                static_cast<unsigned long long>(c.observer_days), m ? c.m.rarefied : 0.0);
  return b;
}

}  // namespace

int run_baci(int argc, char** argv) {
  std::string impact, control, observations, id_field, impact_ids, control_ids, date,
      date_field = "carried_out", control_for = "control_for", taxon, quality, rarefy, src_crs;
  std::string error;
  bool allow_network = false;  // --allow-network: files may fetch remote data
  ArgParser args;
  args.value({"--impact"}, &impact)
      .value({"--control"}, &control)
      .value({"--observations"}, &observations)
      .value({"--id-field"}, &id_field)
      .value({"--impact-ids"}, &impact_ids)
      .value({"--control-ids"}, &control_ids)
      .value({"--date"}, &date)
      .value({"--date-field"}, &date_field)
      .value({"--control-for-field"}, &control_for)
      .value({"--taxon"}, &taxon)
      .value({"--quality"}, &quality)
      .value({"--rarefy"}, &rarefy)
      .value({"--src-crs"}, &src_crs)
      .flag({"--allow-network"}, &allow_network);
  switch (args.parse(argc, argv, error)) {
    case ArgsResult::Help:
      usage("help");
      return 0;
    case ArgsResult::Error:
      return usage(error.c_str());
    case ArgsResult::Ok:
      break;
  }
  if (impact.empty() || control.empty() || observations.empty())
    return usage("--impact, --control and --observations are required");
  set_network_allowed(allow_network);
  try {
    OpenOptions vopts;  // areas in RD New (map CRS default)
    Layer imp = std::move(read_vector_file(impact, vopts).at(0));
    Layer ctl = std::move(read_vector_file(control, vopts).at(0));
    for (const Layer* l : {&imp, &ctl})
      if (!l->placed()) throw Error(l->report.summary());
    MeasureRules rules;
    rules.id_field = id_field;
    rules.date_field = date_field;
    rules.control_for_field = control_for;
    rules.impact_ids = split_nonempty(impact_ids);
    rules.control_ids = split_nonempty(control_ids);
    if (!date.empty() && !parse_whole_day(date, rules.date))
      throw Error("--date: expected one day such as 2019-11-20, got '" + date + "'");
    const std::vector<Measure> measures = baci_measures(imp, ctl, rules);
    if (measures.empty()) throw Error("no impact feature matches --impact-ids " + impact_ids);
    for (const Measure& m : measures)
      if (!m.problem.empty())
        throw Error("impact " + m.id + ": " + m.problem +
                    (m.date == kUnknownDay ? "; give --date or --date-field" : ""));
    OccurrenceOptions oopts;
    oopts.project_crs = imp.map_crs;
    oopts.src_crs = src_crs;
    IngestReport rep;
    ObservationStore s = read_occurrences(observations, oopts, rep);
    std::fprintf(stderr, "%s\n", rep.summary().c_str());
    sort_spatially(s);
    // One polygon list: impact features first, then controls.
    std::vector<const GEOSGeometry*> polys;
    for (const auto& g : imp.geoms) polys.push_back(g.get());
    for (const auto& g : ctl.geoms) polys.push_back(g.get());
    const AreaIndex idx = invert(assign_points(polys, s.x.data(), s.y.data(), s.size()));

    Filter base;
    if (!taxon.empty()) base.taxon_allowed = taxon_mask(s, taxon);
    if (quality == "research")
      base.min_quality = Quality::Research;
    else if (quality == "needs_id")
      base.min_quality = Quality::NeedsId;
    else if (quality == "casual")
      base.min_quality = Quality::Casual;
    else if (!quality.empty())
      throw Error("--quality: expected research, needs_id or casual");
    const uint64_t m = rarefy.empty()
                           ? 0
                           : static_cast<uint64_t>(parse_whole("--rarefy", rarefy, 1,
                                                               static_cast<long>(kMaxRarefyDepth)));

    for (const Measure& ms : measures) {
      std::vector<uint32_t> controls;
      for (size_t c : ms.controls) controls.push_back(static_cast<uint32_t>(imp.size() + c));
      std::string control_names;
      for (const std::string& c : ms.control_ids)
        control_names += (control_names.empty() ? "" : ",") + c;
      const std::string& id = ms.id;
      const int32_t day = ms.date;
      const BaciResult r = baci(s, idx, {static_cast<uint32_t>(ms.impact)}, controls, day, base, m);
      std::string out;
      out += "impact " + id + " vs control " + control_names + ", intervention " + iso_date(day) +
             "\n";
      char hdr[200];
      std::snprintf(hdr, sizeof hdr, "  %-7s %-8s %8s %8s %9s %9s %12s\n", "period", "area",
                    "records", "species", "observers", "obs-days",
                    ("rarefied@" + std::to_string(r.rarefy_m)).c_str());
      out += hdr;
      out += row("before", "impact", r.impact_before, r.rarefy_m);
      out += row("after", "impact", r.impact_after, r.rarefy_m);
      out += row("before", "control", r.control_before, r.rarefy_m);
      out += row("after", "control", r.control_after, r.rarefy_m);
      char c[240];
      std::snprintf(c, sizeof c,
                    "  BACI contrast (I_after-I_before)-(C_after-C_before): species %+.0f, "
                    "rarefied %+.2f, records %+.0f\n\n",
                    r.contrast_species, r.contrast_rarefied, r.contrast_records);
      out += c;
      std::fputs(out.c_str(), stdout);
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "biodash baci: %s\n", e.what());
    return 1;
  }
}

}  // namespace biodash::app
