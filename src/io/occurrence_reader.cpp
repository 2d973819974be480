#include "io/occurrence_reader.hpp"

#include <cpl_conv.h>
#include <cpl_minixml.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <fcntl.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_recordbatch.h>
#include <ogr_srs_api.h>
#include <proj.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <memory>
#include <mutex>
#include <sstream>
#include <thread>
#include <unordered_map>

#include "core/crs.hpp"
#include "io/gdal_dataset.hpp"
#include "io/occurrence_parse.hpp"
#include "io/occurrence_rows.hpp"
#include "io/string_ids.hpp"

namespace biodash {

const char* to_string(Reject r) {
  switch (r) {
    case Reject::NoCoordinates:
      return "no coordinates";
    case Reject::BadCoordinates:
      return "coordinates not numeric";
    case Reject::OutOfRange:
      return "coordinates out of range";
    case Reject::ZeroCoordinates:
      return "coordinates 0,0";
    case Reject::UnknownCrs:
      return "unknown CRS";
    case Reject::BadDate:
      return "unparseable date";
    case Reject::FieldCount:
      return "wrong number of fields";
    case Reject::UnclosedQuote:
      return "unterminated quoted field";
    case Reject::UnknownEvent:
      return "occurrence refers to unknown event ID";
    default:
      return "?";
  }
}

uint64_t IngestReport::rejected_total() const {
  uint64_t n = 0;
  for (uint64_t r : rejected) n += r;
  return n;
}

namespace {

std::string fmt_day(int32_t d) {
  return d == kUnknownDay ? "-" : iso_date(d);
}

std::string fmt(const char* f, double a, double b = 0, double c = 0, double d = 0) {
  char buf[160];
  std::snprintf(buf, sizeof buf, f, a, b, c, d);
  return buf;
}

}  // namespace

std::string IngestReport::summary() const {
  std::ostringstream o;
  o << "source:        " << source << "\n";
  o << "format:        " << format;
  if (!data_file.empty() && data_file != source) o << " (" << data_file << ")";
  o << "\n";
  o << "coordinates:   " << (src_crs.empty() ? "?" : src_crs) << " -> " << project_crs << "\n";
  for (const auto& n : notes) o << "note:          " << n << "\n";
  o << "rows read:     " << rows_read << "\n";
  o << "records kept:  " << kept << "\n";
  o << "rows rejected: " << rejected_total() << "\n";
  for (size_t r = 0; r < kRejectCount; ++r) {
    if (!rejected[r]) continue;
    o << "  " << to_string(static_cast<Reject>(r)) << ": " << rejected[r] << "\n";
    for (const auto& e : examples[r]) o << "      " << e << "\n";
  }
  if (blank_lines) o << "blank lines skipped: " << blank_lines << "\n";
  if (no_date) o << "kept without date: " << no_date << "\n";
  if (date_from_ymd)
    o << "eventDate unparseable, date taken from year/month/day: " << date_from_ymd << "\n";
  if (no_taxon) o << "kept without taxon name: " << no_taxon << "\n";
  if (absent) o << "kept as absence (count 0): " << absent << "\n";
  if (strings_recoded) o << "strings read as Windows-1252: " << strings_recoded << "\n";
  o << "names:         " << names << " distinct\n";
  o << "species:       " << species << " (" << taxa.names_merged
    << " names merged into another: authorship, infraspecific names, one GBIF key)\n";
  o << "records:       " << taxa.species_records << " at species rank or below, "
    << taxa.higher_rank_records << " above species rank or unnamed (records, not species), "
    << taxa.absences << " absences excluded\n";
  o << "observers:     " << observers << "\n";
  o << "date range:    " << fmt_day(first_day) << " .. " << fmt_day(last_day) << "\n";
  if (!bbox.empty())
    o << "bbox:          " << fmt("%.3f %.3f %.3f %.3f", bbox.minx, bbox.miny, bbox.maxx, bbox.maxy)
      << " (" << project_crs << ")\n";
  if (!bbox_src.empty() && src_crs != project_crs)
    o << "bbox (source): "
      << fmt("%.6f %.6f %.6f %.6f", bbox_src.minx, bbox_src.miny, bbox_src.maxx, bbox_src.maxy)
      << " (" << src_crs << ")\n";
  if (!columns.empty()) {
    o << "columns:      ";
    for (const auto& [t, c] : columns) o << " " << t << "=" << c;
    o << "\n";
  }
  o << "bytes/observation: " << fmt("%.1f", bytes_per_observation) << " (columns only)\n";
  o << "time:          " << fmt("%.3f s", seconds);
  if (seconds > 0 && bytes)
    o << fmt(", %.0f rows/s, %.1f MB/s", rows_read / seconds, bytes / seconds / 1e6);
  o << "\n";
  return o.str();
}

using namespace occurrence;  // the format readers (io/occurrence_rows.hpp)

namespace {

// Splits "file:layer" when the part before the last ':' is an existing file.
std::pair<std::string, std::string> split_spec(const std::string& spec) {
  struct stat sb {};
  if (::stat(spec.c_str(), &sb) == 0) return {spec, ""};
  const size_t c = spec.rfind(':');
  if (c != std::string::npos && c > 0 && ::stat(spec.substr(0, c).c_str(), &sb) == 0)
    return {spec.substr(0, c), spec.substr(c + 1)};
  return {spec, ""};
}

}  // namespace

ObservationStore read_occurrences(const std::string& path_or_spec, const OccurrenceOptions& opts,
                                  IngestReport& rep, const std::function<bool(double)>& progress) {
  const auto t0 = std::chrono::steady_clock::now();
  rep = IngestReport{};
  rep.source = path_or_spec;
  rep.project_crs = opts.project_crs;
  auto [path, layer] = split_spec(path_or_spec);
  if (!opts.layer.empty()) layer = opts.layer;
  if (!network_allowed() && !network_reference(path).empty())
    refuse_network_source(path, path);  // throws: names what is not fetched
  struct stat sb {};
  if (::stat(path.c_str(), &sb) != 0)
    throw Error(path + ": cannot open file: " + (errno ? std::strerror(errno) : "unknown reason"));
  ObservationStore st;
  if (S_ISDIR(sb.st_mode)) {
    const std::string meta = path + "/meta.xml";
    struct stat mb {};
    if (::stat(meta.c_str(), &mb) != 0)
      throw Error(path + ": directory without meta.xml (not a Darwin Core Archive)");
    std::string dir = path;
    while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
    st = read_dwca(dir, dir + "/", opts, rep, progress);
  } else {
    ByteSource src;
    src.open_file(path);
    const std::string_view v = src.view();
    if (v.empty()) throw Error(path + ": file is empty");
    const std::string lp = lower(path);
    if (v.substr(0, 4) == std::string_view("PK\x03\x04", 4)) {
      st = read_dwca(path, "/vsizip/" + path + "/", opts, rep, progress);
    } else if (v.substr(0, 2) == "\x1f\x8b" || ends_with(lp, ".tar")) {
      st = read_dwca(path, "/vsitar/" + path + "/", opts, rep, progress);
    } else if (v.substr(0, 16) == "SQLite format 3" + std::string(1, '\0') ||
               v.substr(0, 3) == "fgb" || ends_with(lp, ".shp") || ends_with(lp, ".geojson") ||
               ends_with(lp, ".json") || ends_with(lp, ".gpkg") || ends_with(lp, ".kml") ||
               ends_with(lp, ".gpx") || ends_with(lp, ".fgb")) {
      st = read_ogr(path, layer, opts, rep, progress);
    } else {
      size_t p = 0;
      if (v.substr(0, 3) == "\xEF\xBB\xBF") p = 3;
      while (p < v.size() && (v[p] == ' ' || v[p] == '\n' || v[p] == '\r' || v[p] == '\t')) ++p;
      const std::string_view head = v.substr(p, 4096);
      if (!head.empty() && head[0] == '<') {
        if (head.find("SimpleDarwinRecordSet") == std::string_view::npos &&
            v.substr(0, 1 << 20).find("SimpleDarwinRecordSet") == std::string_view::npos) {
          refuse_network_source(path, path);  // a VRT or service description over the network
          throw Error(path + ": XML file without SimpleDarwinRecordSet (not Simple Darwin Core)");
        }
        st = read_simple_dwc_xml(path, src, opts, rep, progress);
      } else if (!head.empty() && (head[0] == '{' || head[0] == '[')) {
        st = read_ogr(path, layer, opts, rep, progress);
      } else {
        rep.format = "delimited text";
        rep.data_file = path;
        TextSpec spec;
        spec.label = path;
        st = read_text(src, spec, opts, rep, progress);
      }
    }
  }
  st.crs = opts.project_crs;
  finish_report(st, rep, opts.names_as_given);
  rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return st;
}

}  // namespace biodash