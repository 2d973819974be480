// Merging the per-thread builders into one store; the report of the finished store; the CRS
// decision from a sample of points.
#include "io/occurrence_rows.hpp"

#include "core/species.hpp"

namespace biodash::occurrence {

ObservationStore merge(std::vector<Builder>& bs, const std::string& label, IngestReport& rep) {
  ObservationStore out;
  Interner taxa, observers;
  out.observers.push_back("");
  size_t total = 0;
  for (auto& b : bs) total += b.st.size();
  for (size_t k = 0; k < bs.size(); ++k) {
    Builder& b = bs[k];
    // Remap local dictionary ids to global ones.
    std::vector<uint32_t> tmap(b.st.taxa.size()), omap(b.observers.size(), 0);
    for (auto& [name, id] : b.taxon_ids) {
      auto [it, fresh] = taxa.emplace(name, static_cast<uint32_t>(out.taxa.size()));
      if (fresh) out.taxa.push_back(std::move(b.st.taxa[id]));
      tmap[id] = it->second;
    }
    for (auto& [name, id] : b.observer_ids) {
      auto [it, fresh] = observers.emplace(name, static_cast<uint32_t>(out.observers.size()));
      if (fresh) out.observers.push_back(std::move(b.observers[id]));
      omap[id] = it->second;
    }
    for (auto& t : b.st.taxon) t = tmap[t];
    for (auto& o : b.st.observer) o = omap[o];
    for (auto& r : b.st.source_row) r += b.line_base;
    if (k == 0) {
      out.x = std::move(b.st.x), out.y = std::move(b.st.y), out.day = std::move(b.st.day);
      out.day_span = std::move(b.st.day_span), out.taxon = std::move(b.st.taxon);
      out.observer = std::move(b.st.observer), out.count = std::move(b.st.count);
      out.quality = std::move(b.st.quality), out.uncertainty_m = std::move(b.st.uncertainty_m);
      out.source_row = std::move(b.st.source_row);
      if (bs.size() > 1) {
        out.x.reserve(total), out.y.reserve(total), out.day.reserve(total);
        out.day_span.reserve(total), out.taxon.reserve(total), out.observer.reserve(total);
        out.count.reserve(total), out.quality.reserve(total);
        out.uncertainty_m.reserve(total), out.source_row.reserve(total);
      }
    } else {
      append_free(out.x, b.st.x), append_free(out.y, b.st.y), append_free(out.day, b.st.day);
      append_free(out.day_span, b.st.day_span), append_free(out.taxon, b.st.taxon);
      append_free(out.observer, b.st.observer), append_free(out.count, b.st.count);
      append_free(out.quality, b.st.quality), append_free(out.uncertainty_m, b.st.uncertainty_m);
      append_free(out.source_row, b.st.source_row);
    }
    rep.rows_read += b.rows;
    rep.blank_lines += b.blank;
    rep.no_date += b.no_date;
    rep.date_from_ymd += b.date_from_ymd;
    rep.no_taxon += b.no_taxon;
    rep.absent += b.absent;
    rep.strings_recoded += b.recoded;
    rep.bbox_src.expand(b.bbox_src);
    for (size_t r = 0; r < kRejectCount; ++r) {
      rep.rejected[r] += b.rejected[r];
      std::sort(b.ex[r].begin(), b.ex[r].end());
      for (uint32_t line : b.ex[r]) {
        if (rep.examples[r].size() >= 5) continue;
        std::string e = label + ":" + std::to_string(line + b.line_base);
        if (r == static_cast<size_t>(Reject::UnknownEvent))
          for (const auto& [l, id] : b.unknown_ids)
            if (l == line) e += " ('" + id + "')";
        rep.examples[r].push_back(std::move(e));
      }
    }
  }
  return out;
}

void finish_report(ObservationStore& st, IngestReport& rep, bool names_as_given) {
  rep.kept = st.size();
  for (size_t i = 0; i < st.size(); ++i) {
    st.bounds.expand(st.x[i], st.y[i]);
    const int32_t d = st.day[i];
    if (d == kUnknownDay) continue;
    if (rep.first_day == kUnknownDay || d < rep.first_day) rep.first_day = d;
    const int32_t e = d + st.day_span[i];
    if (rep.last_day == kUnknownDay || e > rep.last_day) rep.last_day = e;
  }
  rep.bbox = st.bounds;
  size_t named = 0;
  for (const auto& t : st.taxa) named += !t.scientific_name.empty();
  rep.names = named;
  rep.taxa = resolve_species(st, names_as_given);
  rep.species = rep.taxa.species;
  rep.observers = st.observers.size() - 1;
  rep.bytes_per_observation = st.bytes_per_observation();
}

CoordMode decide_crs(const std::vector<std::pair<double, double>>& sample,
                     const OccurrenceOptions& opts, const std::string& declared,
                     const std::string& label, IngestReport& rep) {
  std::string crs = !opts.src_crs.empty() ? opts.src_crs : declared;
  if (!crs.empty()) {
    if (!crs_valid(crs)) throw Error(label + ": source CRS '" + crs + "' is not known to PROJ");
    const std::string sn = crs_short_name(crs);
    rep.src_crs = sn.empty() ? crs : sn;
    return is_geographic(crs) ? CoordMode::Degrees : CoordMode::Projected;
  }
  size_t deg = 0, rd = 0;
  for (auto [x, y] : sample) {
    deg += std::fabs(x) <= 180 && std::fabs(y) <= 90;
    rd += x >= -7000 && x <= 300000 && y >= 289000 && y <= 629000;
  }
  if (sample.empty() || deg * 2 >= sample.size()) {
    rep.src_crs = "EPSG:4326";
    return CoordMode::Degrees;
  }
  if (rd * 10 >= sample.size() * 9) {
    rep.src_crs = "EPSG:28992";
    rep.notes.push_back(
        "coordinate values are not degrees but fit RD New: read as EPSG:28992 metres "
        "(columns " +
        rep.columns[term_name(Term::Longitude)] + "/" + rep.columns[term_name(Term::Latitude)] +
        "); give --src-crs to override");
    return CoordMode::Projected;
  }
  rep.src_crs = "";
  rep.notes.push_back(
      "coordinate values are neither degrees nor RD New metres: rows rejected as 'unknown "
      "CRS'; give the CRS with --src-crs EPSG:code");
  return CoordMode::Unknown;
}

}  // namespace biodash::occurrence
