// `biodash baci`: Before-After-Control-Impact table for greening measures, headless.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>

#include "app/cli_args.hpp"
#include "app/commands.hpp"
#include "core/atomic_file.hpp"
#include "core/baci.hpp"
#include "core/baci_replicated.hpp"
#include "core/error.hpp"
#include "core/format.hpp"
#include "core/metrics.hpp"
#include "core/output_guard.hpp"
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
      "         [--months 4-9] [--q 0|1|2] [--coverage C] [--min-records N] [--out FILE.csv]\n"
      "         [--standardise coverage|size] [--size M] [--bootstrap B] [--seed S]\n"
      "For each impact area (or the listed ones) a replicated before/after comparison with the\n"
      "control areas (BACI-PS, Stewart-Oaten et al. 1986): per 12-month period aligned to the\n"
      "intervention date and per area, diversity of order --q (0 = richness) standardised to a\n"
      "common sample coverage (--coverage, default: the lowest coverage every used cell reaches\n"
      "at twice its records); per period impact minus the mean of the controls (each control\n"
      "its own series); effect = mean after - mean before with a 95%% interval and p-value\n"
      "(Welch t). Periods where the impact area, or every control, has fewer than --min-records\n"
      "(default 20) records are skipped and listed. The verdict: increase, decrease, no clear\n"
      "evidence (the interval includes 0) or insufficient data (fewer than 2 periods on a side).\n"
      "--months keeps that season in every period. --out writes one row per impact area.\n"
      "Each period's difference has a 95%% sampling interval from --bootstrap samples per\n"
      "area and period (default 200, 0 = none; --seed, default 1).\n"
      "--standardise size rarefies every cell to one number of records instead (--size, default\n"
      "the smallest used cell's), never extrapolating.\n"
      "The raw four-cell table (records, species, observers, observer-days; rarefied richness\n"
      "at the smallest record count unless --rarefy) is printed as what was observed. Without "
      "--date\n"
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
  std::string months, q_text, coverage_text, min_records_text, out_path, standardise, size_text;
  std::string bootstrap_text, seed_text;
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
      .value({"--months"}, &months)
      .value({"--q"}, &q_text)
      .value({"--coverage"}, &coverage_text)
      .value({"--min-records"}, &min_records_text)
      .value({"--out"}, &out_path)
      .value({"--standardise"}, &standardise)
      .value({"--size"}, &size_text)
      .value({"--bootstrap"}, &bootstrap_text)
      .value({"--seed"}, &seed_text)
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
  BaciDesign design;
  design.bootstrap = 200;
  try {
    if (!bootstrap_text.empty())
      design.bootstrap = static_cast<int>(parse_whole("--bootstrap", bootstrap_text, 0, 100000));
    if (!seed_text.empty())
      design.seed = static_cast<uint64_t>(parse_whole("--seed", seed_text, 0, 2147483647));
    if (!q_text.empty()) design.q = static_cast<int>(parse_whole("--q", q_text, 0, 2));
    if (!coverage_text.empty())
      design.coverage = parse_decimal("--coverage", coverage_text, 0.01, 0.999);
    if (standardise == "size")
      design.by = Standardise::Size;
    else if (!standardise.empty() && standardise != "coverage")
      return usage("--standardise: expected coverage or size");
    if (!size_text.empty())
      design.size = static_cast<uint64_t>(parse_whole("--size", size_text, 1, 10000000));
    if (!min_records_text.empty())
      design.min_records =
          static_cast<uint64_t>(parse_whole("--min-records", min_records_text, 2, 1000000));
  } catch (const Error& e) {
    return usage(e.what());
  }
  set_network_allowed(allow_network);
  try {
    if (!out_path.empty()) refuse_output_onto_input(out_path, {impact, control, observations});
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
    if (!quality.empty()) base.min_quality = parse_quality(quality);
    if (!months.empty()) base.months = parse_months(months);
    std::string csv =
        "impact,controls,date,metric,periods_before,periods_after,effect,lcl,ucl,p_value,"
        "verdict\n";
    const auto num = table_number;
    auto quoted = [](const std::string& v) {
      std::string q = "\"";
      for (char c : v) q += c == '"' ? std::string("\"\"") : std::string(1, c);
      return q + "\"";
    };
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
      // The replicated design: per period, then the verdict.
      const BaciReplicated rep =
          baci_replicated(s, idx, {static_cast<uint32_t>(ms.impact)}, controls, day, base, design);
      out += "  per period (" + baci_metric_label(rep) + "):\n";
      for (const BaciPeriod& p : rep.periods) {
        char line[400];
        std::string ctl_values;
        for (size_t k = 0; k < p.controls.size(); ++k)
          ctl_values +=
              (k ? " " : "") +
              (std::isnan(p.controls[k]) ? std::string("NA") : format_number(p.controls[k], 1));
        std::snprintf(line, sizeof line, "    %s..%s %-6s impact %7s (%llu records) controls %s",
                      iso_date(p.from).c_str(), iso_date(p.to).c_str(),
                      p.after ? "after" : "before",
                      std::isnan(p.impact) ? "NA" : format_number(p.impact, 1).c_str(),
                      static_cast<unsigned long long>(p.impact_records), ctl_values.c_str());
        out += line;
        if (!p.skipped.empty())
          out += "  skipped: " + p.skipped + "\n";
        else if (std::isnan(p.difference_se))
          out += "  difference " + format_number(p.difference, 1) + "\n";
        else
          out += "  difference " + format_number(p.difference, 1) + " (95% " +
                 format_number(p.difference_lcl, 1) + " to " + format_number(p.difference_ucl, 1) +
                 ")\n";
      }
      out += "  " + baci_verdict_sentence(rep) + "\n\n";
      std::fputs(out.c_str(), stdout);
      csv += quoted(id) + "," + quoted(control_names) + "," + iso_date(day) + "," +
             quoted(baci_metric_label(rep)) + "," + std::to_string(rep.periods_before) + "," +
             std::to_string(rep.periods_after) + "," + num(rep.test.difference) + "," +
             num(rep.test.lcl) + "," + num(rep.test.ucl) + "," + num(rep.test.p_value) + "," +
             verdict_key(rep.verdict) + "\n";
    }
    if (!out_path.empty()) {
      AtomicWriter w(out_path);
      w.write(csv);
      w.commit();
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "biodash baci: %s\n", e.what());
    return 1;
  }
}

}  // namespace biodash::app
