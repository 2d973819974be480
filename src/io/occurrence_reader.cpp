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
  o << "species/taxa:  " << species << "\n";
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

namespace {

// ---- byte sources ------------------------------------------------------------------------

// The bytes of one data file: a read-only mapping of a plain file, or a copy read through
// GDAL's virtual file system (archive members).
class ByteSource {
 public:
  ByteSource() = default;
  ByteSource(const ByteSource&) = delete;
  ByteSource& operator=(const ByteSource&) = delete;
  ~ByteSource() {
    if (map_) munmap(map_, map_size_);
  }

  void open_file(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY);
    if (fd < 0) throw Error(path + ": cannot open file: " + std::strerror(errno));
    struct stat st {};
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
      ::close(fd);
      throw Error(path + ": not a regular file");
    }
    map_size_ = static_cast<size_t>(st.st_size);
    if (map_size_ > 0) {
      map_ = mmap(nullptr, map_size_, PROT_READ, MAP_PRIVATE, fd, 0);
      if (map_ == MAP_FAILED) {
        map_ = nullptr;
        ::close(fd);
        throw Error(path + ": cannot map file: " + std::strerror(errno));
      }
      madvise(map_, map_size_, MADV_SEQUENTIAL);
    }
    ::close(fd);
    view_ = std::string_view(static_cast<const char*>(map_), map_size_);
  }

  void open_vsi(const std::string& vsi_path, const std::string& label) {
    VSILFILE* f = VSIFOpenL(vsi_path.c_str(), "rb");
    if (!f) throw Error(label + ": cannot open: " + CPLGetLastErrorMsg());
    std::string buf;
    char chunk[1 << 16];
    size_t got;
    while ((got = VSIFReadL(chunk, 1, sizeof chunk, f)) > 0) buf.append(chunk, got);
    VSIFCloseL(f);
    copy_ = std::move(buf);
    view_ = copy_;
  }

  // Drops the whole pages of [from, upto) of a mapping from memory (parsed bytes; they are
  // re-read from the page cache if touched again). Safe while other threads parse other
  // ranges: a read-only file mapping only loses its page-table entries.
  // Returns where the next call may start (the end of what was dropped).
  size_t release(size_t from, size_t upto) const {
    if (!map_) return from;
    static const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    from = (from + page - 1) / page * page;
    upto = upto / page * page;
    if (upto <= from) return from;
    madvise(static_cast<char*>(map_) + from, upto - from, MADV_DONTNEED);
    return upto;
  }

  std::string_view view() const { return view_; }

 private:
  void* map_ = nullptr;    // mmap base (nullptr when copied)
  size_t map_size_ = 0;    // mapping length
  std::string copy_;       // bytes read through VSI
  std::string_view view_;  // the bytes
};

// ---- column plan -------------------------------------------------------------------------

// Which field holds each term, plus constant defaults (DwC-A <field default=...>).
struct ColumnPlan {
  std::array<int, kTermCount> col;            // field index per term, -1 = absent
  std::array<std::string, kTermCount> deflt;  // value when absent
  size_t expected_fields = 0;                 // fields per row; 0 = not checked
  ColumnPlan() { col.fill(-1); }
  bool has(Term t) const {
    return col[static_cast<size_t>(t)] >= 0 || !deflt[static_cast<size_t>(t)].empty();
  }
};

// Maps header names to terms (alias preference), then applies the explicit mapping.
ColumnPlan plan_from_header(const std::vector<std::string>& header, const ColumnMapping& mapping,
                            const std::string& label, IngestReport& rep) {
  ColumnPlan p;
  std::array<int, kTermCount> best_rank;
  best_rank.fill(1 << 30);
  for (size_t i = 0; i < header.size(); ++i) {
    Term t;
    const int r = term_alias_rank(header[i], t);
    if (r < 0) continue;
    const size_t k = static_cast<size_t>(t);
    if (r < best_rank[k]) {
      best_rank[k] = r;
      p.col[k] = static_cast<int>(i);
    }
  }
  for (const auto& [key, column] : mapping) {
    Term t;
    if (!term_from_key(key, t)) throw Error(label + ": --map " + key + ": not a known term");
    if (column.empty()) {  // "this term: no column"
      p.col[static_cast<size_t>(t)] = -1;
      continue;
    }
    int idx = -1;
    for (size_t i = 0; i < header.size(); ++i)
      if (header[i] == column) idx = static_cast<int>(i);
    if (idx < 0 && !column.empty() &&
        std::all_of(column.begin(), column.end(), [](char c) { return c >= '0' && c <= '9'; }))
      idx = std::stoi(column);
    if (idx < 0) throw Error(label + ": --map " + key + "=" + column + ": no such column");
    p.col[static_cast<size_t>(t)] = idx;
  }
  for (size_t k = 0; k < kTermCount; ++k)
    if (p.col[k] >= 0 && static_cast<size_t>(p.col[k]) < header.size())
      rep.columns[term_name(static_cast<Term>(k))] = header[p.col[k]];
  return p;
}

// ---- coordinates -------------------------------------------------------------------------

enum class CoordMode : uint8_t { Degrees, Projected, Unknown };

bool is_geographic(const std::string& crs) {
  PJ_CONTEXT* ctx = proj_context_create();
  proj_log_level(ctx, PJ_LOG_NONE);
  PJ* pj = proj_create(ctx, crs.c_str());
  bool geo = false;
  if (pj) {
    const PJ_TYPE t = proj_get_type(pj);
    geo = t == PJ_TYPE_GEOGRAPHIC_2D_CRS || t == PJ_TYPE_GEOGRAPHIC_3D_CRS ||
          t == PJ_TYPE_GEOGRAPHIC_CRS;
    proj_destroy(pj);
  }
  proj_context_destroy(ctx);
  return geo;
}

// Parses "(lat, lon)" / "lat,lon" / "lat lon".
bool parse_latlon_pair(std::string_view s, double& lon, double& lat) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '(' || s.front() == '['))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == ')' || s.back() == ']')) s.remove_suffix(1);
  size_t cut = s.find(',');
  if (cut == std::string_view::npos) cut = s.find(' ');
  if (cut == std::string_view::npos) return false;
  return parse_decimal(s.substr(0, cut), lat) && parse_decimal(s.substr(cut + 1), lon);
}

// ---- per-thread builder ------------------------------------------------------------------

// The point of a feature's geometry (OGR layers): none/empty (-> "no coordinates"), not a
// point (-> "not numeric"), or x/y (non-finite -> "not numeric").
struct GeomXY {
  enum Kind : uint8_t { None, NotPoint, Point } kind = None;
  double x = 0, y = 0;
};

using Interner = StringIds;  // flat open-addressing dictionary (io/string_ids.hpp)

// ---- Event core join ---------------------------------------------------------------------

// Terms an occurrence of an Event-core archive takes from its event when it has none itself,
// in groups that travel together: a point with its uncertainty, a date with its parts, the
// observer. (locality, countryCode... are not columns of the store: nothing to inherit.)
constexpr Term kInherited[] = {Term::Longitude, Term::Latitude,  Term::Uncertainty,
                               Term::EventDate, Term::Year,      Term::Month,
                               Term::Day,       Term::RecordedBy};
constexpr size_t kNInherited = sizeof kInherited / sizeof kInherited[0];
constexpr size_t kInheritGroups = 3;
constexpr size_t inherit_group(size_t j) {
  return j < 3 ? 0 : j < 7 ? 1 : 2;
}

// The events of an Event core, reduced to what occurrences inherit: each event's own values of
// the inherited terms and, per group, the event (itself or its nearest parentEventID
// ancestor) that supplies them. Events are few next to occurrences; nothing else is kept.
struct EventIndex {
  mutable Interner ids;       // event id -> event number (find() reads only; not const-marked)
  std::string pool;           // each event's own values of the inherited terms, back to back
  std::vector<uint32_t> off;  // own value (e, j) = pool[off[e * kNInherited + j], next offset)
  std::vector<int32_t> src;   // per event and group: the event supplying it (-1 = none)
  bool has_point = false;     // the core declares decimalLongitude and decimalLatitude
  // Value of inherited term j for an occurrence of event e.
  std::string_view value(uint32_t e, size_t j) const {
    const int32_t s = src[e * kInheritGroups + inherit_group(j)];
    if (s < 0) return {};
    const size_t k = static_cast<size_t>(s) * kNInherited + j;
    return std::string_view(pool).substr(off[k], off[k + 1] - off[k]);
  }
};

// Turns rows of fields into columns; one per parser thread, merged in order afterwards.
struct Builder {
  const ColumnPlan* plan = nullptr;        // field layout
  CoordMode mode = CoordMode::Degrees;     // how to read coordinates
  bool force_cp1252 = false;               // declared non-UTF-8 encoding
  ObservationStore st;                     // columns (taxon/observer ids local until merged)
  Interner taxon_ids;                      // raw name -> local taxon id
  Interner observer_ids;                   // raw name -> local observer id
  std::vector<std::string> observers{""};  // local observer names (0 = unknown)
  uint64_t rows = 0, blank = 0, no_date = 0, no_taxon = 0, absent = 0, recoded = 0;
  uint64_t date_from_ymd = 0;                          // eventDate unparseable, year/month/day used
  std::array<uint64_t, kRejectCount> rejected{};       // by reason
  std::array<std::vector<uint32_t>, kRejectCount> ex;  // first lines per reason (local)
  Envelope bbox_src;                                   // of kept rows, source CRS
  uint32_t line_base = 0;                              // lines before this chunk
  // Event-core archives: rows are joined with their event before add().
  const EventIndex* events = nullptr;       // non-null: join each row on its coreid
  const ColumnPlan* joined_plan = nullptr;  // plan of the joined rows (inherited terms appended)
  size_t coreid_col = 0;                    // field holding the event id
  std::vector<std::string_view> joined;     // the current joined row
  std::vector<std::pair<uint32_t, std::string>> unknown_ids;  // first (line, coreid) examples

  std::string text(std::string_view s) {
    if (!force_cp1252 && is_valid_utf8(s)) return std::string(s);
    ++recoded;
    return cp1252_to_utf8(s);
  }

  void reject(Reject r, uint32_t line) {
    const size_t k = static_cast<size_t>(r);
    ++rejected[k];
    if (ex[k].size() < 5) ex[k].push_back(line);
  }

  std::string_view get(const std::vector<std::string_view>& f, Term t) const {
    const size_t k = static_cast<size_t>(t);
    const int c = plan->col[k];
    if (c >= 0 && static_cast<size_t>(c) < f.size()) return f[c];
    return plan->deflt[k];
  }

  static std::string_view trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
      s.remove_suffix(1);
    return s;
  }

  // Returns false for a blank line (not a record). `geom`: the coordinates come from a
  // geometry (OGR layers) instead of the coordinate fields.
  bool add(const std::vector<std::string_view>& f, uint32_t line, const GeomXY* geom = nullptr) {
    if (f.size() == 1 && trimmed(f[0]).empty() && plan->expected_fields != 1) {
      ++blank;
      return false;
    }
    ++rows;
    if (plan->expected_fields && f.size() != plan->expected_fields) {
      reject(Reject::FieldCount, line);
      return true;
    }
    // Coordinates.
    double lon = 0, lat = 0;
    if (geom) {
      if (geom->kind == GeomXY::None) return reject(Reject::NoCoordinates, line), true;
      if (geom->kind == GeomXY::NotPoint || !std::isfinite(geom->x) || !std::isfinite(geom->y))
        return reject(Reject::BadCoordinates, line), true;
      lon = geom->x;
      lat = geom->y;
    } else if (plan->col[static_cast<size_t>(Term::LatLonPair)] >= 0 &&
               !plan->has(Term::Longitude)) {
      const std::string_view p = trimmed(get(f, Term::LatLonPair));
      if (p.empty() || p == "()") return reject(Reject::NoCoordinates, line), true;
      if (!parse_latlon_pair(p, lon, lat)) return reject(Reject::BadCoordinates, line), true;
    } else {
      const std::string_view xs = trimmed(get(f, Term::Longitude));
      const std::string_view ys = trimmed(get(f, Term::Latitude));
      if (xs.empty() || ys.empty()) return reject(Reject::NoCoordinates, line), true;
      if (!parse_decimal(xs, lon) || !parse_decimal(ys, lat))
        return reject(Reject::BadCoordinates, line), true;
    }
    if (mode == CoordMode::Unknown) return reject(Reject::UnknownCrs, line), true;
    if (mode == CoordMode::Degrees && (std::fabs(lon) > 180 || std::fabs(lat) > 90))
      return reject(Reject::OutOfRange, line), true;
    if (mode == CoordMode::Degrees && lon == 0 && lat == 0)
      return reject(Reject::ZeroCoordinates, line), true;
    // Date.
    int32_t day = kUnknownDay;
    uint16_t span = 0;
    DateParse dp = parse_event_date(get(f, Term::EventDate), day, span);
    if (dp != DateParse::Ok && plan->has(Term::Year)) {
      const DateParse d2 =
          parse_ymd_fields(get(f, Term::Year), get(f, Term::Month), get(f, Term::Day), day, span);
      if (d2 == DateParse::Ok && dp == DateParse::Unparseable) ++date_from_ymd;
      if (d2 != DateParse::Empty) dp = d2;
    }
    if (dp == DateParse::Unparseable) return reject(Reject::BadDate, line), true;
    if (dp == DateParse::Empty) {
      ++no_date;
      day = kUnknownDay;
      span = 0;
    }
    // Taxon.
    std::string_view name = trimmed(get(f, Term::ScientificName));
    if (name.empty()) name = trimmed(get(f, Term::Species));
    if (name.empty()) name = trimmed(get(f, Term::VernacularName));
    if (name.empty()) ++no_taxon;
    uint32_t taxon;
    auto it = taxon_ids.find(name);
    if (it != taxon_ids.end()) {
      taxon = it->second;
    } else {
      taxon = static_cast<uint32_t>(st.taxa.size());
      taxon_ids.emplace(std::string(name), taxon);
      Taxon t;
      t.scientific_name = text(trimmed(get(f, Term::ScientificName)));
      if (t.scientific_name.empty()) t.scientific_name = text(name);
      t.rank = text(trimmed(get(f, Term::TaxonRank)));
      for (char& c : t.rank) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      t.kingdom = text(trimmed(get(f, Term::Kingdom)));
      t.phylum = text(trimmed(get(f, Term::Phylum)));
      t.class_name = text(trimmed(get(f, Term::Class)));
      t.order = text(trimmed(get(f, Term::Order)));
      t.family = text(trimmed(get(f, Term::Family)));
      t.genus = text(trimmed(get(f, Term::Genus)));
      t.species = text(trimmed(get(f, Term::Species)));
      t.vernacular_nl = text(trimmed(get(f, Term::VernacularName)));
      t.vernacular_en = text(trimmed(get(f, Term::VernacularNameEn)));
      t.group = text(trimmed(get(f, Term::TaxonGroup)));
      st.taxa.push_back(std::move(t));
    }
    // Observer.
    uint32_t obs = 0;
    const std::string_view who = trimmed(get(f, Term::RecordedBy));
    if (!who.empty()) {
      auto o = observer_ids.find(who);
      if (o != observer_ids.end()) {
        obs = o->second;
      } else {
        obs = static_cast<uint32_t>(observers.size());
        observer_ids.emplace(std::string(who), obs);
        observers.push_back(text(who));
      }
    }
    // Count, status, quality, uncertainty.
    uint32_t count = 1;
    const std::string_view cs = get(f, Term::IndividualCount);
    if (!cs.empty()) parse_count(cs, count);
    const std::string_view status = trimmed(get(f, Term::OccurrenceStatus));
    if (status.size() == 6 && (status[0] == 'a' || status[0] == 'A') &&
        (status[1] == 'b' || status[1] == 'B'))
      count = 0;
    if (count == 0) ++absent;
    Quality q = Quality::Unknown;
    const std::string_view qs = trimmed(get(f, Term::Quality));
    if (!qs.empty()) {
      if (qs == "research" || qs == "Research" || qs == "research grade")
        q = Quality::Research;
      else if (qs == "needs_id" || qs == "Needs ID" || qs == "needs id")
        q = Quality::NeedsId;
      else if (qs == "casual" || qs == "Casual")
        q = Quality::Casual;
    }
    double unc = 0;
    const float u =
        parse_decimal(get(f, Term::Uncertainty), unc) && unc >= 0 ? static_cast<float>(unc) : NAN;
    st.x.push_back(lon);
    st.y.push_back(lat);
    st.day.push_back(day);
    st.day_span.push_back(span);
    st.taxon.push_back(taxon);
    st.observer.push_back(obs);
    st.count.push_back(count);
    st.quality.push_back(q);
    st.uncertainty_m.push_back(u);
    st.source_row.push_back(line);
    return true;
  }

  // The row `f` of the Occurrence extension with the inherited terms appended (fields
  // [f.size(), f.size() + kNInherited), laid out as joined_plan says): the row's own values
  // where it has them (per group), else its event's. nullptr when the row has the wrong field
  // count (add() then counts it), or with `unknown` set when its coreid names no event.
  const std::vector<std::string_view>* join_row(const std::vector<std::string_view>& f,
                                                bool& unknown) {
    unknown = false;
    if (f.size() != plan->expected_fields || coreid_col >= f.size()) return nullptr;
    const auto it = events->ids.find(trimmed(f[coreid_col]));
    if (it == events->ids.end()) {
      unknown = true;
      return nullptr;
    }
    const uint32_t e = it->second;
    bool own[kInheritGroups];
    own[0] = !trimmed(get(f, Term::Longitude)).empty() || !trimmed(get(f, Term::Latitude)).empty();
    own[1] = !trimmed(get(f, Term::EventDate)).empty() || !trimmed(get(f, Term::Year)).empty();
    own[2] = !trimmed(get(f, Term::RecordedBy)).empty();
    joined.assign(f.begin(), f.end());
    for (size_t j = 0; j < kNInherited; ++j)
      joined.push_back(own[inherit_group(j)] ? get(f, kInherited[j]) : events->value(e, j));
    return &joined;
  }

  // add() for a row of an Occurrence extension: joined with its event, or rejected as
  // UnknownEvent.
  bool add_joined(const std::vector<std::string_view>& f, uint32_t line) {
    bool unknown = false;
    const std::vector<std::string_view>* row = join_row(f, unknown);
    if (unknown) {
      ++rows;
      reject(Reject::UnknownEvent, line);
      if (unknown_ids.size() < 5) unknown_ids.emplace_back(line, text(trimmed(f[coreid_col])));
      return true;
    }
    if (!row) return add(f, line);  // blank line or wrong field count
    const ColumnPlan* own = plan;
    plan = joined_plan;
    add(*row, line);
    plan = own;
    return true;
  }

  void reserve(size_t n) {
    st.x.reserve(n), st.y.reserve(n), st.day.reserve(n), st.day_span.reserve(n);
    st.taxon.reserve(n), st.observer.reserve(n), st.count.reserve(n), st.quality.reserve(n);
    st.uncertainty_m.reserve(n), st.source_row.reserve(n);
  }

  // Transforms this chunk's points into the project CRS; drops (and counts) failures.
  void transform(const std::string& src, const std::string& dst) {
    if (st.x.empty() || src == dst) return;
    CrsTransform tr(src, dst);
    if (tr.identity()) return;
    const size_t n = st.x.size();
    size_t failed = 0;
    for (size_t i = 0; i < n; i += 1 << 16) {
      const size_t m = std::min<size_t>(n - i, 1 << 16);
      failed += tr.transform(st.x.data() + i, st.y.data() + i, m);
    }
    if (!failed) return;
    size_t w = 0;
    for (size_t i = 0; i < n; ++i) {
      if (!std::isfinite(st.x[i]) || !std::isfinite(st.y[i])) {
        reject(Reject::OutOfRange, st.source_row[i]);
        continue;
      }
      st.x[w] = st.x[i], st.y[w] = st.y[i], st.day[w] = st.day[i];
      st.day_span[w] = st.day_span[i], st.taxon[w] = st.taxon[i];
      st.observer[w] = st.observer[i], st.count[w] = st.count[i], st.quality[w] = st.quality[i];
      st.uncertainty_m[w] = st.uncertainty_m[i], st.source_row[w] = st.source_row[i];
      ++w;
    }
    for (auto* v : {&st.x, &st.y}) v->resize(w);
    st.day.resize(w), st.day_span.resize(w), st.taxon.resize(w), st.observer.resize(w);
    st.count.resize(w), st.quality.resize(w), st.uncertainty_m.resize(w);
    st.source_row.resize(w);
  }
};

template <class T>
void append_free(std::vector<T>& dst, std::vector<T>& src) {
  dst.insert(dst.end(), src.begin(), src.end());
  std::vector<T>().swap(src);
}

// Merges the builders (in file order) into one store and fills the report.
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

void finish_report(ObservationStore& st, IngestReport& rep) {
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
  rep.species = named;
  rep.observers = st.observers.size() - 1;
  rep.bytes_per_observation = st.bytes_per_observation();
}

// ---- delimited text ----------------------------------------------------------------------

struct TextSpec {
  std::string label;                   // name used in file:line messages
  Dialect dialect;                     // delimiter and quote
  bool detect_dialect = true;          // detect the delimiter from the header line
  size_t header_lines = 1;             // lines before the data (the first is the header if >0)
  bool has_header_names = true;        // header line gives column names (else plan given)
  ColumnPlan plan;                     // used when !has_header_names (DwC-A)
  bool force_cp1252 = false;           // declared encoding is not UTF-8
  std::string declared_crs;            // CRS declared by the container ("" = none)
  int max_declared_index = -1;         // highest field index meta.xml declares (-1 = none)
  std::string max_declared_term;       // its term
  const EventIndex* events = nullptr;  // Event-core archive: rows join their event
  size_t coreid_col = 0;               // with events: the field holding the event id
};

// Decides how coordinates are to be read from a sample of parsed points.
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

ObservationStore read_text(const ByteSource& src, TextSpec spec, const OccurrenceOptions& opts,
                           IngestReport& rep, const std::function<bool(double)>& progress) {
  std::string_view data = src.view();
  const size_t total_bytes = data.size();
  rep.bytes = total_bytes;
  size_t pos = 0;
  if (data.substr(0, 3) == "\xEF\xBB\xBF") pos = 3;
  if (pos >= data.size()) throw Error(spec.label + ": file is empty");
  if (spec.detect_dialect) {
    const size_t eol = data.find('\n', pos);
    spec.dialect.delimiter =
        detect_delimiter(data.substr(pos, eol == std::string_view::npos ? eol : eol - pos));
  }
  std::vector<std::string_view> fields;
  std::vector<std::string> scratch;
  uint32_t line = 1;
  // Header lines.
  for (size_t h = 0; h < spec.header_lines && pos < data.size(); ++h) {
    RecordScan r = scan_record(data, pos, spec.dialect, fields, scratch);
    if (h == 0 && spec.has_header_names) {
      std::vector<std::string> names;
      for (auto f : fields) names.push_back(to_utf8(f));
      spec.plan = plan_from_header(names, opts.mapping, spec.label, rep);
      spec.plan.expected_fields = names.size();
    } else if (h == 0) {
      spec.plan.expected_fields = fields.size();
    }
    pos = r.next;
    line += r.newlines;
  }
  ColumnPlan& plan = spec.plan;
  // Event-core archives: rows are joined with their event, the inherited terms appended.
  ColumnPlan jplan;
  if (spec.events) {
    jplan = plan;  // inherited terms: fields after the row's own (set below)
    for (Term t : kInherited) jplan.deflt[static_cast<size_t>(t)].clear();
  }
  const bool has_xy = (plan.has(Term::Longitude) && plan.has(Term::Latitude)) ||
                      (spec.events && spec.events->has_point);
  if (!has_xy && plan.col[static_cast<size_t>(Term::LatLonPair)] < 0 && !spec.has_header_names)
    rep.notes.push_back("the archive declares no coordinate terms: every row lacks coordinates");
  if (!has_xy && plan.col[static_cast<size_t>(Term::LatLonPair)] < 0 && spec.has_header_names)
    throw Error(spec.label +
                ": no coordinate columns found (looked for decimalLatitude/decimalLongitude, "
                "latitude/longitude, lat/lon, x/y); map them with --map "
                "decimalLongitude=COLUMN --map decimalLatitude=COLUMN");
  // Headerless files: the first data row fixes the field count.
  const size_t body = pos;
  if (!plan.expected_fields && body < data.size()) {
    scan_record(data, body, spec.dialect, fields, scratch);
    plan.expected_fields = fields.size();
  }
  if (spec.events) {  // (the joined rows' layout depends on the field count)
    for (size_t j = 0; j < kNInherited; ++j)
      jplan.col[static_cast<size_t>(kInherited[j])] = static_cast<int>(plan.expected_fields + j);
    jplan.expected_fields = plan.expected_fields + kNInherited;
  }
  auto set_join = [&](Builder& b) {
    if (!spec.events) return;
    b.events = spec.events;
    b.joined_plan = &jplan;
    b.coreid_col = spec.coreid_col;
  };
  size_t max_index = 0;
  for (size_t k = 0; k < kTermCount; ++k)
    if (plan.col[k] >= 0) max_index = std::max(max_index, static_cast<size_t>(plan.col[k]));
  // Sample coordinates for CRS detection.
  std::vector<std::pair<double, double>> sample;
  {
    Builder probe;
    probe.plan = &plan;
    set_join(probe);
    Builder jprobe;  // reads joined rows
    jprobe.plan = &jplan;
    size_t p = body;
    for (int k = 0; k < 4000 && p < data.size() && sample.size() < 2000; ++k) {
      RecordScan r = scan_record(data, p, spec.dialect, fields, scratch);
      p = r.next;
      double x, y;
      if (spec.events) {
        bool unknown;
        const std::vector<std::string_view>* row = probe.join_row(fields, unknown);
        if (row && parse_decimal(jprobe.get(*row, Term::Longitude), x) &&
            parse_decimal(jprobe.get(*row, Term::Latitude), y))
          sample.push_back({x, y});
      } else if (plan.col[static_cast<size_t>(Term::LatLonPair)] >= 0 && !has_xy) {
        if (parse_latlon_pair(probe.get(fields, Term::LatLonPair), x, y)) sample.push_back({x, y});
      } else if (parse_decimal(probe.get(fields, Term::Longitude), x) &&
                 parse_decimal(probe.get(fields, Term::Latitude), y)) {
        sample.push_back({x, y});
      }
    }
  }
  const CoordMode mode = decide_crs(sample, opts, spec.declared_crs, spec.label, rep);
  // Split into chunks at line starts when no record can span lines: optimistically, each
  // thread checks its own bytes for the quote character just ahead of parsing them (no
  // serial pass over the whole file, and pages are touched once); when one turns up, the file
  // is parsed again on one thread with the quote-aware scanner.
  const std::string_view rest = data.substr(body);
  const char quote = spec.dialect.quote;
  unsigned max_threads = opts.threads > 0 ? static_cast<unsigned>(opts.threads)
                                          : std::max(1u, std::thread::hardware_concurrency());
  max_threads = std::min(max_threads, 8u);
  if (rest.size() < (1u << 20)) max_threads = 1;
  const double avg_line =
      sample.empty()
          ? 100.0
          : std::max<double>(
                16.0, double(std::min<size_t>(rest.size(), 1 << 20)) /
                          std::max<size_t>(
                              1, std::count(rest.begin(),
                                            rest.begin() + std::min<size_t>(rest.size(), 1 << 20),
                                            '\n')));
  std::vector<Builder> bs;
  std::vector<uint32_t> lines_in;
  unsigned nthreads = max_threads;
  for (bool quotes = false;; quotes = true) {
    if (quotes) nthreads = 1;
    std::vector<size_t> cut{body};
    for (unsigned t = 1; t < nthreads; ++t) {
      size_t c = body + rest.size() * t / nthreads;
      const size_t nl = data.find('\n', std::max(c, cut.back()));
      cut.push_back(nl == std::string_view::npos ? data.size() : nl + 1);
    }
    cut.push_back(data.size());
    bs = std::vector<Builder>(nthreads);
    lines_in.assign(nthreads, 0);
    std::atomic<size_t> done_bytes{0};
    std::atomic<bool> cancel{false}, quote_seen{false};
    auto work = [&](unsigned t) {
      Builder& b = bs[t];
      b.plan = &plan;
      set_join(b);
      const bool joining = b.events != nullptr;
      b.mode = mode;
      b.force_cp1252 = spec.force_cp1252;
      b.reserve(static_cast<size_t>((cut[t + 1] - cut[t]) / avg_line * 1.02) + 16);
      std::vector<std::string_view> fs;
      std::vector<std::string> sc;
      size_t p = cut[t];
      uint32_t rel = 1;  // line number relative to the chunk start
      size_t last_report = p, released = p;
      size_t checked = p;  // bytes [cut[t], checked) hold no quote character
      const size_t end = cut[t + 1];
      const std::string_view chunk = data.substr(0, end);
      while (p < end) {
        if (!quotes) {  // no quote so far: a record is one line (SIMD splitter)
          uint32_t nl = 0;
          const size_t next = split_plain_record(chunk, p, spec.dialect.delimiter, fs, nl);
          if (next > checked && quote) {
            const size_t upto = std::min(end, std::max(next, checked + (1u << 20)));
            if (std::memchr(data.data() + checked, quote, upto - checked)) {
              quote_seen = true;
              return;
            }
            checked = upto;
          }
          if (joining)
            b.add_joined(fs, rel);
          else
            b.add(fs, rel);
          rel += nl;
          p = next;
        } else {
          RecordScan r = scan_record(chunk, p, spec.dialect, fs, sc);
          if (r.unclosed_quote) {
            ++b.rows;
            b.reject(Reject::UnclosedQuote, rel);
          } else if (joining) {
            b.add_joined(fs, rel);
          } else {
            b.add(fs, rel);
          }
          rel += r.newlines;
          p = r.next;
        }
        if (p - last_report > (4u << 20)) {
          done_bytes += p - last_report;
          last_report = p;
          if (cancel.load(std::memory_order_relaxed) || quote_seen.load(std::memory_order_relaxed))
            return;
          if (t == 0 && progress && !progress(0.9 * double(done_bytes) / double(total_bytes)))
            cancel = true;
          // Parsed pages of this thread's chunk are not read again: drop them from memory
          // (keeps peak RSS at the columns, not the file). Every thread, its own range only.
          released = src.release(released, p);
        }
      }
      lines_in[t] = rel - 1;
      if (!cancel && !quote_seen && mode != CoordMode::Unknown) {
        for (size_t i = 0; i < b.st.size(); ++i) b.bbox_src.expand(b.st.x[i], b.st.y[i]);
        b.transform(rep.src_crs, opts.project_crs);
      }
    };
    std::vector<std::thread> pool;
    std::exception_ptr err;
    std::mutex err_mu;
    for (unsigned t = 1; t < nthreads; ++t)
      pool.emplace_back([&, t] {
        try {
          work(t);
        } catch (...) {
          std::lock_guard<std::mutex> lk(err_mu);
          err = std::current_exception();
          cancel = true;
        }
      });
    try {
      work(0);
    } catch (...) {
      std::lock_guard<std::mutex> lk(err_mu);
      err = std::current_exception();
      cancel = true;
    }
    for (auto& th : pool) th.join();
    if (err) std::rethrow_exception(err);
    if (cancel) throw Cancelled();
    if (!quote_seen) break;
  }
  uint32_t base = line - 1;
  for (unsigned t = 0; t < nthreads; ++t) {
    bs[t].line_base = base;
    base += lines_in[t];
  }
  if (plan.expected_fields && max_index >= plan.expected_fields)
    rep.notes.push_back("the column layout uses field index " + std::to_string(max_index) +
                        " but rows have " + std::to_string(plan.expected_fields) + " fields");
  if (spec.max_declared_index >= 0 && !spec.has_header_names) {
    size_t first_row_fields = 0;
    if (body < data.size()) {
      scan_record(data, body, spec.dialect, fields, scratch);
      first_row_fields = fields.size();
    }
    if (static_cast<size_t>(spec.max_declared_index) >= first_row_fields)
      rep.notes.push_back("meta.xml declares field index " +
                          std::to_string(spec.max_declared_index) + " (" + spec.max_declared_term +
                          ") but the first data row has only " + std::to_string(first_row_fields) +
                          " fields (malformed descriptor)");
  }
  ObservationStore st = merge(bs, spec.label, rep);
  if (progress && !progress(1.0)) throw Cancelled();
  return st;
}

// ---- Darwin Core Archive -----------------------------------------------------------------

struct XmlDoc {
  CPLXMLNode* root = nullptr;  // owned
  explicit XmlDoc(const std::string& text) : root(CPLParseXMLString(text.c_str())) {}
  ~XmlDoc() {
    if (root) CPLDestroyXMLNode(root);
  }
  XmlDoc(const XmlDoc&) = delete;
  XmlDoc& operator=(const XmlDoc&) = delete;
};

std::string_view local_name(const char* name) {
  std::string_view n(name ? name : "");
  const size_t c = n.find(':');
  return c == std::string_view::npos ? n : n.substr(c + 1);
}

const CPLXMLNode* find_element(const CPLXMLNode* n, std::string_view name) {
  for (; n; n = n->psNext) {
    if (n->eType == CXT_Element && local_name(n->pszValue) == name) return n;
  }
  return nullptr;
}

const CPLXMLNode* find_deep(const CPLXMLNode* n, std::string_view name) {
  for (; n; n = n->psNext) {
    if (n->eType != CXT_Element) continue;
    if (local_name(n->pszValue) == name) return n;
    if (const CPLXMLNode* c = find_deep(n->psChild, name)) return c;
  }
  return nullptr;
}

std::string attr(const CPLXMLNode* n, const char* key, const char* def = "") {
  for (const CPLXMLNode* c = n->psChild; c; c = c->psNext)
    if (c->eType == CXT_Attribute && local_name(c->pszValue) == key && c->psChild &&
        c->psChild->pszValue)
      return c->psChild->pszValue;
  return def;
}

bool has_attr(const CPLXMLNode* n, const char* key) {
  for (const CPLXMLNode* c = n->psChild; c; c = c->psNext)
    if (c->eType == CXT_Attribute && local_name(c->pszValue) == key) return true;
  return false;
}

std::string unescape(const std::string& s) {
  std::string o;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      const char c = s[++i];
      o.push_back(c == 't' ? '\t' : c == 'n' ? '\n' : c == 'r' ? '\r' : c);
    } else {
      o.push_back(s[i]);
    }
  }
  return o;
}

std::string read_vsi_text(const std::string& path) {
  ByteSource b;
  b.open_vsi(path, path);
  return std::string(b.view());
}

bool ends_with(std::string_view s, std::string_view suf) {
  return s.size() >= suf.size() && s.substr(s.size() - suf.size()) == suf;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string row_type_name(const std::string& uri) {
  const size_t c = uri.find_last_of("/#");
  return c == std::string::npos ? uri : uri.substr(c + 1);
}

// One <core> or <extension> table of meta.xml: how its data file is written and which field
// holds which term.
struct DwcaTable {
  std::string row_type;                        // local name of rowType ("Occurrence", "Event", ...)
  std::string location;                        // data file, relative to meta.xml's folder
  Dialect dialect;                             // delimiter and quote
  size_t header_lines = 0;                     // ignoreHeaderLines
  bool cp1252 = false;                         // declared encoding is not UTF-8
  ColumnPlan plan;                             // term -> field index, or default value
  std::map<std::string, std::string> columns;  // term name -> "#index localName"
  int max_index = -1;                          // highest field index declared (-1 = none)
  std::string max_term;                        // its term
  int key_col = -1;                            // <id index> (core) or <coreid index> (extension)
  int event_id_col = -1;                       // eventID field
  int parent_col = -1;                         // parentEventID field
  std::string lines_note;                      // linesTerminatedBy read as \n ("" = none)
  std::map<std::string, int> field_index;      // lower-case local term name -> field index
};

DwcaTable parse_dwca_table(const CPLXMLNode* table, const std::string& meta_label) {
  DwcaTable t;
  const bool is_core = local_name(table->pszValue) == "core";
  const std::string what = is_core ? "<core>" : "<extension>";
  t.row_type = row_type_name(attr(table, "rowType"));
  const CPLXMLNode* files_el = find_element(table->psChild, "files");
  const CPLXMLNode* loc = files_el ? find_element(files_el->psChild, "location") : nullptr;
  if (!loc || !loc->psChild || !loc->psChild->pszValue)
    throw Error(meta_label + ": " + what + " has no <files><location>");
  t.location = loc->psChild->pszValue;
  const std::string ft = unescape(attr(table, "fieldsTerminatedBy", ","));
  const std::string fe = unescape(attr(table, "fieldsEnclosedBy", "\""));
  const std::string lt = unescape(attr(table, "linesTerminatedBy", "\n"));
  if (ft.size() != 1) throw Error(meta_label + ": fieldsTerminatedBy '" + ft + "' unsupported");
  if (fe.size() > 1) throw Error(meta_label + ": fieldsEnclosedBy '" + fe + "' unsupported");
  if (lt != "\n" && lt != "\r\n")
    t.lines_note = "linesTerminatedBy '" + attr(table, "linesTerminatedBy") + "' read as \\n";
  t.dialect.delimiter = ft[0];
  t.dialect.quote = fe.empty() ? '\0' : fe[0];
  t.header_lines =
      static_cast<size_t>(std::max(0, std::atoi(attr(table, "ignoreHeaderLines", "0").c_str())));
  const std::string enc = lower(attr(table, "encoding", "UTF-8"));
  t.cp1252 = enc.find("8859") != std::string::npos || enc.find("1252") != std::string::npos ||
             enc.find("latin") != std::string::npos;
  if (const CPLXMLNode* id = find_element(table->psChild, is_core ? "id" : "coreid"))
    if (has_attr(id, "index")) t.key_col = std::atoi(attr(id, "index").c_str());
  for (const CPLXMLNode* f = table->psChild; f; f = f->psNext) {
    if (f->eType != CXT_Element || local_name(f->pszValue) != "field") continue;
    const std::string term_uri = attr(f, "term");
    const std::string local = row_type_name(term_uri);
    const bool indexed = has_attr(f, "index");
    const int idx = indexed ? std::atoi(attr(f, "index").c_str()) : -1;
    if (indexed && idx > t.max_index) {
      t.max_index = idx;
      t.max_term = term_uri;
    }
    if (indexed && idx >= 0) t.field_index.emplace(lower(local), idx);
    if (indexed && idx >= 0 && lower(local) == "eventid" && t.event_id_col < 0)
      t.event_id_col = idx;
    if (indexed && idx >= 0 && lower(local) == "parenteventid" && t.parent_col < 0)
      t.parent_col = idx;
    Term term;
    if (term_from_key(local, term) || term_from_name(local, term)) {
      const size_t k = static_cast<size_t>(term);
      if (indexed) {
        if (idx < 0) throw Error(meta_label + ": negative field index for " + term_uri);
        if (t.plan.col[k] < 0) {
          t.plan.col[k] = idx;
          t.columns[term_name(term)] = "#" + std::to_string(idx) + " " + local;
        }
      } else if (has_attr(f, "default")) {
        t.plan.deflt[k] = attr(f, "default");
      }
    }
  }
  if (t.key_col < 0) t.key_col = -1;  // a negative index: as absent
  return t;
}

// Reads the events of an Event core (`data`, laid out as `ev` says, keyed by field `key`) into
// an EventIndex: each event's own values of the inherited terms, and per group the event
// (itself or its nearest parentEventID ancestor) that supplies them. Remarks go to rep.notes.
EventIndex read_event_index(std::string_view data, const DwcaTable& ev, size_t key,
                            bool from_cp1252, const std::string& label, IngestReport& rep) {
  EventIndex ix;
  ix.has_point = ev.plan.has(Term::Longitude) && ev.plan.has(Term::Latitude);
  auto trim = [](std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
      s.remove_suffix(1);
    return s;
  };
  auto value = [&](const std::vector<std::string_view>& f, Term t) -> std::string_view {
    const size_t k = static_cast<size_t>(t);
    const int c = ev.plan.col[k];
    if (c >= 0 && static_cast<size_t>(c) < f.size()) return trim(f[c]);
    return ev.plan.deflt[k];
  };
  size_t pos = data.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  std::vector<std::string_view> f;
  std::vector<std::string> scratch;
  uint32_t line = 1;
  for (size_t h = 0; h < ev.header_lines && pos < data.size(); ++h) {
    const RecordScan r = scan_record(data, pos, ev.dialect, f, scratch);
    pos = r.next;
    line += r.newlines;
  }
  // Own values (event e, inherited term j at e * kNInherited + j) and parent ids: temporary.
  std::vector<uint32_t> own_off;
  std::vector<std::string> parent;
  uint64_t duplicates = 0, no_id = 0;
  std::string first_duplicate, first_no_id;
  while (pos < data.size()) {
    const RecordScan r = scan_record(data, pos, ev.dialect, f, scratch);
    const uint32_t at = line;
    pos = r.next;
    line += r.newlines;
    if (r.unclosed_quote) {
      rep.notes.push_back(label + ":" + std::to_string(at) +
                          ": unterminated quoted field; the rest of the event file is not read");
      break;
    }
    if (f.size() == 1 && trim(f[0]).empty()) continue;  // blank line
    const std::string_view id = key < f.size() ? trim(f[key]) : std::string_view();
    if (id.empty()) {
      if (!no_id++) first_no_id = label + ":" + std::to_string(at);
      continue;
    }
    const auto [it, fresh] = ix.ids.emplace(std::string(id), static_cast<uint32_t>(parent.size()));
    if (!fresh) {
      if (!duplicates++)
        first_duplicate = label + ":" + std::to_string(at) + " ('" + to_utf8(id) + "')";
      continue;
    }
    for (Term t : kInherited) {
      own_off.push_back(static_cast<uint32_t>(ix.pool.size()));
      const std::string_view v = value(f, t);
      if (from_cp1252)
        ix.pool += cp1252_to_utf8(v);
      else
        ix.pool.append(v);
      if (ix.pool.size() > 0xFFFFFFF0u) throw Error(label + ": event file too large to index");
    }
    parent.emplace_back(ev.parent_col >= 0 && static_cast<size_t>(ev.parent_col) < f.size()
                            ? trim(f[ev.parent_col])
                            : std::string_view());
  }
  own_off.push_back(static_cast<uint32_t>(ix.pool.size()));
  ix.off = std::move(own_off);
  const size_t n = parent.size();
  // Parents.
  std::vector<int32_t> up(n, -1);
  uint64_t with_parent = 0, unknown_parent = 0;
  std::string first_unknown_parent;
  for (size_t e = 0; e < n; ++e) {
    if (parent[e].empty()) continue;
    ++with_parent;
    const auto it = ix.ids.find(parent[e]);
    if (it != ix.ids.end()) {
      up[e] = static_cast<int32_t>(it->second);
    } else if (!unknown_parent++) {
      first_unknown_parent = to_utf8(parent[e]);
    }
  }
  std::vector<std::string>().swap(parent);
  // Per group: the nearest event of the chain (the event first) that has the group's values;
  // a chain that comes back to an event already on it is cut there.
  auto own = [&](size_t e, size_t j) {
    return ix.off[e * kNInherited + j + 1] > ix.off[e * kNInherited + j];
  };
  auto present = [&](size_t e, size_t g) {
    if (g == 0) return own(e, 0) || own(e, 1);  // a point: longitude or latitude
    if (g == 1) return own(e, 3) || own(e, 4);  // a date: eventDate or year
    return own(e, 7);                           // recordedBy
  };
  ix.src.assign(n * kInheritGroups, -1);
  std::vector<int32_t> memo(n);
  std::vector<uint32_t> stamp(n);
  std::vector<uint32_t> path;
  uint64_t cycles = 0;
  std::string first_cycle;
  for (size_t g = 0; g < kInheritGroups; ++g) {
    std::fill(memo.begin(), memo.end(), -2);  // -2 = not resolved yet
    std::fill(stamp.begin(), stamp.end(), 0u);
    for (size_t e = 0; e < n; ++e) {
      path.clear();
      size_t cur = e;
      int32_t found = -1;
      while (true) {
        if (memo[cur] != -2) {
          found = memo[cur];
          break;
        }
        if (present(cur, g)) {
          found = static_cast<int32_t>(cur);
          memo[cur] = found;
          break;
        }
        if (stamp[cur] == e + 1) {  // back on this walk's path: a cycle
          if (g == 0 && !cycles++)
            for (const auto& [name, id] : ix.ids)
              if (id == cur) first_cycle = to_utf8(name);
          break;
        }
        stamp[cur] = static_cast<uint32_t>(e + 1);
        path.push_back(static_cast<uint32_t>(cur));
        if (up[cur] < 0) break;
        cur = static_cast<size_t>(up[cur]);
      }
      for (uint32_t p : path) memo[p] = found;
      ix.src[e * kInheritGroups + g] = found;
    }
  }
  rep.notes.push_back("Event core " + label.substr(label.rfind('/') + 1) + ": " +
                      std::to_string(n) + " events (" + std::to_string(with_parent) +
                      " with a parentEventID); occurrences lacking coordinates, date or "
                      "recordedBy take them from their event or its parents");
  if (unknown_parent)
    rep.notes.push_back(std::to_string(unknown_parent) +
                        " event(s) name a parentEventID that is not an event (first: '" +
                        first_unknown_parent + "'): nothing inherited from it");
  if (cycles)
    rep.notes.push_back("parentEventID chains run in a cycle (through event '" + first_cycle +
                        "'): cut where they repeat");
  if (duplicates)
    rep.notes.push_back(std::to_string(duplicates) + " event row(s) repeat an event ID (first: " +
                        first_duplicate + "): the first row of each ID is used");
  if (no_id)
    rep.notes.push_back(std::to_string(no_id) +
                        " event row(s) without an event ID (first: " + first_no_id + ") ignored");
  return ix;
}

ObservationStore read_dwca(const std::string& path, const std::string& root,
                           const OccurrenceOptions& opts, IngestReport& rep,
                           const std::function<bool(double)>& progress) {
  rep.format = "Darwin Core Archive";
  // Find meta.xml (not under __MACOSX).
  std::vector<std::string> files;
  if (char** list = VSIReadDirRecursive(root.substr(0, root.size() - 1).c_str())) {
    for (char** p = list; *p; ++p) {
      std::string f = *p;
      if (f.rfind("__MACOSX", 0) == 0 || f.find("/._") != std::string::npos ||
          f.rfind("._", 0) == 0 || f.empty() || f.back() == '/')
        continue;
      VSIStatBufL sb;
      if (VSIStatL((root + f).c_str(), &sb) == 0 && VSI_ISDIR(sb.st_mode)) continue;
      files.push_back(f);
    }
    CSLDestroy(list);
  }
  std::string meta;
  for (const auto& f : files)
    if (lower(f) == "meta.xml" || ends_with(lower(f), "/meta.xml"))
      if (meta.empty() || f.size() < meta.size()) meta = f;
  if (meta.empty()) {
    if (files.size() == 1) {
      rep.format = "delimited text in archive";
      rep.notes.push_back("archive has no meta.xml; read its single file " + files[0] +
                          " as delimited text with a header row");
      rep.data_file = path + "/" + files[0];
      ByteSource b;
      b.open_vsi(root + files[0], rep.data_file);
      TextSpec spec;
      spec.label = rep.data_file;
      return read_text(b, spec, opts, rep, progress);
    }
    std::string names;
    for (const auto& f : files) names += (names.empty() ? "" : ", ") + f;
    throw Error(path + ": not a Darwin Core Archive: no meta.xml, and " +
                std::to_string(files.size()) + " files (" + names +
                ") instead of a single data file");
  }
  const std::string dir = meta.substr(0, meta.size() - 8);  // with trailing '/' or ""
  const std::string meta_label = path + "/" + meta;
  const std::string text = read_vsi_text(root + meta);
  CPLErrorReset();
  XmlDoc doc(text);
  if (!doc.root)
    throw Error(meta_label + ": meta.xml is not well-formed XML: " + CPLGetLastErrorMsg());
  const CPLXMLNode* archive = find_deep(doc.root, "archive");
  if (!archive) throw Error(meta_label + ": no <archive> element");
  const CPLXMLNode* core = find_element(archive->psChild, "core");
  if (!core) throw Error(meta_label + ": no <core> element");
  const std::string core_type = row_type_name(attr(core, "rowType"));
  std::vector<const CPLXMLNode*> extensions;
  for (const CPLXMLNode* e = archive->psChild; e; e = e->psNext)
    if (e->eType == CXT_Element && local_name(e->pszValue) == "extension") extensions.push_back(e);
  const CPLXMLNode* table = core;
  const CPLXMLNode* event_core = nullptr;  // Event core whose Occurrence extension is read
  if (core_type != "Occurrence" && core_type != "DarwinCore") {
    for (const CPLXMLNode* e : extensions)
      if (!event_core && row_type_name(attr(e, "rowType")) == "Occurrence") {
        event_core = core;
        table = e;
      }
    if (core_type != "Event" || !event_core) {
      std::string ext_types;
      for (const CPLXMLNode* e : extensions) ext_types += " " + row_type_name(attr(e, "rowType"));
      throw Error(meta_label + ": the archive's core is rowType " + core_type +
                  (ext_types.empty() ? "" : " (extensions:" + ext_types + ")") +
                  ", not Occurrence: no occurrence records to read" +
                  (core_type == "Event" ? " (an Event core needs an Occurrence extension)" : ""));
    }
  }
  const size_t n_other = extensions.size() - (event_core ? 1 : 0);
  if (n_other)
    rep.notes.push_back(std::to_string(n_other) + " extension(s) not read (" +
                        (event_core ? "the Occurrence extension only" : "core only") + ")");
  DwcaTable occ = parse_dwca_table(table, meta_label);
  if (!occ.lines_note.empty()) rep.notes.push_back(occ.lines_note);
  TextSpec spec;
  spec.detect_dialect = false;
  spec.has_header_names = false;
  spec.dialect = occ.dialect;
  spec.header_lines = occ.header_lines;
  spec.force_cp1252 = occ.cp1252;
  spec.plan = occ.plan;
  spec.max_declared_index = occ.max_index;
  spec.max_declared_term = occ.max_term;
  for (const auto& [term, column] : occ.columns) rep.columns[term] = column;
  for (const auto& [key, column] : opts.mapping) {
    Term t;
    if (!term_from_key(key, t)) throw Error(path + ": --map " + key + ": not a known term");
    const size_t k = static_cast<size_t>(t);
    if (column.empty()) {  // "this term: no column"
      spec.plan.col[k] = -1;
      spec.plan.deflt[k].clear();
      rep.columns.erase(term_name(t));
      continue;
    }
    // A field of meta.xml by its term's name ("genus", "dwc:vernacularName"), or by index.
    int idx = -1;
    if (std::all_of(column.begin(), column.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      idx = std::atoi(column.c_str());
    } else {
      const std::string name = lower(row_type_name(column.substr(column.find(':') + 1)));
      const auto f = occ.field_index.find(name);
      if (f == occ.field_index.end())
        throw Error(path + ": --map " + key + "=" + column + ": meta.xml declares no field '" +
                    column + "' in " + occ.location + " (give a term name or a 0-based index)");
      idx = f->second;
    }
    spec.plan.col[k] = idx;
    rep.columns[term_name(t)] = "#" + std::to_string(idx) + " " + column;
  }
  // geodeticDatum default: a declared CRS for all rows.
  std::string datum = spec.plan.deflt[static_cast<size_t>(Term::GeodeticDatum)];
  // Event core: the events, reduced to what their occurrences inherit.
  EventIndex events;
  if (event_core) {
    const DwcaTable ev = parse_dwca_table(event_core, meta_label);
    const int key = ev.key_col >= 0 ? ev.key_col : ev.event_id_col;
    if (key < 0)
      throw Error(meta_label + ": the Event core has neither <id index=...> nor an eventID field");
    if (occ.key_col < 0)
      throw Error(meta_label + ": the Occurrence extension has no <coreid index=...>");
    if (!ev.lines_note.empty()) rep.notes.push_back("Event core: " + ev.lines_note);
    const std::string ev_label = path + "/" + dir + ev.location;
    {
      ByteSource eb;
      eb.open_vsi(root + dir + ev.location, ev_label);
      events = read_event_index(eb.view(), ev, static_cast<size_t>(key), ev.cp1252 && !occ.cp1252,
                                ev_label, rep);
    }
    if (occ.cp1252 && !ev.cp1252)
      rep.notes.push_back(
          "the Event core is UTF-8 but the Occurrence extension is not: "
          "inherited text is read as the extension's encoding");
    spec.events = &events;
    spec.coreid_col = static_cast<size_t>(occ.key_col);
    for (Term t : kInherited) {
      const auto e = ev.columns.find(term_name(t));
      if (e == ev.columns.end()) continue;
      auto& c = rep.columns[term_name(t)];  // "#3 eventDate (else event.txt #4)"
      c = c.empty()
              ? ev.location + " " + e->second
              : c + " (else " + ev.location + " " + e->second.substr(0, e->second.find(' ')) + ")";
    }
    if (datum.empty()) datum = ev.plan.deflt[static_cast<size_t>(Term::GeodeticDatum)];
  }
  if (!datum.empty() && datum != "WGS84" && datum != "EPSG:4326" && crs_valid(datum))
    spec.declared_crs = datum;
  rep.data_file = path + "/" + dir + occ.location;
  spec.label = rep.data_file;
  ByteSource b;
  b.open_vsi(root + dir + occ.location, rep.data_file);
  return read_text(b, spec, opts, rep, progress);
}

// ---- Simple Darwin Core XML --------------------------------------------------------------

ObservationStore read_simple_dwc_xml(const std::string& path, const ByteSource& src,
                                     const OccurrenceOptions& opts, IngestReport& rep,
                                     const std::function<bool(double)>& progress) {
  rep.format = "Simple Darwin Core XML";
  rep.bytes = src.view().size();
  CPLErrorReset();
  XmlDoc doc{std::string(src.view())};
  if (!doc.root) throw Error(path + ": not well-formed XML: " + CPLGetLastErrorMsg());
  const CPLXMLNode* set = find_deep(doc.root, "SimpleDarwinRecordSet");
  if (!set) throw Error(path + ": no SimpleDarwinRecordSet element");
  // Rows: one field per term, in term order.
  ColumnPlan plan;
  for (size_t k = 0; k < kTermCount; ++k) plan.col[k] = static_cast<int>(k);
  std::vector<std::vector<std::string>> rows;
  for (const CPLXMLNode* r = set->psChild; r; r = r->psNext) {
    if (r->eType != CXT_Element || local_name(r->pszValue) != "SimpleDarwinRecord") continue;
    std::vector<std::string> row(kTermCount);
    std::array<int, kTermCount> rank;
    rank.fill(1 << 30);
    for (const CPLXMLNode* e = r->psChild; e; e = e->psNext) {
      if (e->eType != CXT_Element) continue;
      Term t;
      const int rk = term_alias_rank(local_name(e->pszValue), t);
      if (rk < 0 || rk >= rank[static_cast<size_t>(t)]) continue;
      rank[static_cast<size_t>(t)] = rk;
      const CPLXMLNode* txt = e->psChild;
      while (txt && txt->eType != CXT_Text) txt = txt->psNext;
      row[static_cast<size_t>(t)] = txt && txt->pszValue ? txt->pszValue : "";
    }
    rows.push_back(std::move(row));
  }
  std::vector<std::pair<double, double>> sample;
  for (const auto& row : rows) {
    double x, y;
    if (parse_decimal(row[static_cast<size_t>(Term::Longitude)], x) &&
        parse_decimal(row[static_cast<size_t>(Term::Latitude)], y))
      sample.push_back({x, y});
  }
  const CoordMode mode = decide_crs(sample, opts, "", path, rep);
  std::vector<Builder> bs(1);
  bs[0].plan = &plan;
  bs[0].mode = mode;
  std::vector<std::string_view> fs(kTermCount);
  for (size_t i = 0; i < rows.size(); ++i) {
    for (size_t k = 0; k < kTermCount; ++k) fs[k] = rows[i][k];
    bs[0].add(fs, static_cast<uint32_t>(i + 1));
  }
  for (size_t i = 0; i < bs[0].st.size(); ++i) bs[0].bbox_src.expand(bs[0].st.x[i], bs[0].st.y[i]);
  if (mode != CoordMode::Unknown) bs[0].transform(rep.src_crs, opts.project_crs);
  rep.notes.push_back("line numbers are record numbers (n-th SimpleDarwinRecord)");
  ObservationStore st = merge(bs, path + " record", rep);
  if (progress && !progress(1.0)) throw Cancelled();
  return st;
}

// ---- OGR point layers --------------------------------------------------------------------

// The point of an OGR geometry, as the feature path reads it.
GeomXY point_of(OGRGeometryH g) {
  GeomXY p;
  if (!g || OGR_G_IsEmpty(g)) return p;
  if (wkbFlatten(OGR_G_GetGeometryType(g)) != wkbPoint) {
    p.kind = GeomXY::NotPoint;
    return p;
  }
  p.kind = GeomXY::Point;
  p.x = OGR_G_GetX(g, 0);
  p.y = OGR_G_GetY(g, 0);
  return p;
}

// The point of a WKB geometry (what GDAL's Arrow stream carries); same result as point_of.
GeomXY point_of_wkb(const unsigned char* w, size_t n) {
  GeomXY p;
  if (n < 5 || w[0] > 1) {
    p.kind = GeomXY::NotPoint;  // unreadable: OGR would fail the feature's geometry too
    if (n == 0) p.kind = GeomXY::None;
    return p;
  }
  const bool little = w[0] == 1;
  auto u32 = [&](size_t at) {
    uint32_t v;
    std::memcpy(&v, w + at, 4);
    return little ? v : __builtin_bswap32(v);
  };
  auto f64 = [&](size_t at) {
    uint64_t v;
    std::memcpy(&v, w + at, 8);
    if (!little) v = __builtin_bswap64(v);
    double d;
    std::memcpy(&d, &v, 8);
    return d;
  };
  const uint32_t type = u32(1);
  const uint32_t base = (type & 0x0FFFFFFF) % 1000;  // ISO Z/M/ZM codes and EWKB flags
  if (base == 1 && !(type & 0x20000000) && n >= 21) {
    p.x = f64(5);
    p.y = f64(13);
    // POINT EMPTY is written as NaN coordinates.
    p.kind = std::isnan(p.x) && std::isnan(p.y) ? GeomXY::None : GeomXY::Point;
    return p;
  }
  // Anything else (rare): let OGR decide emptiness exactly as the feature path does.
  OGRGeometryH g = nullptr;
  if (OGR_G_CreateFromWkbEx(w, nullptr, &g, n) != OGRERR_NONE || !g) {
    p.kind = GeomXY::None;
    return p;
  }
  p = point_of(g);
  OGR_G_DestroyGeometry(g);
  return p;
}

// Holds an Arrow C stream / array / schema and releases it.
struct ArrowStreamHolder {
  ArrowArrayStream s{};
  ~ArrowStreamHolder() {
    if (s.release) s.release(&s);
  }
};
struct ArrowSchemaHolder {
  ArrowSchema s{};
  ~ArrowSchemaHolder() {
    if (s.release) s.release(&s);
  }
};
struct ArrowBatch {
  ArrowArray a{};
  ArrowBatch() = default;
  ArrowBatch(ArrowBatch&& o) noexcept : a(o.a) { o.a.release = nullptr; }
  ArrowBatch& operator=(ArrowBatch&& o) noexcept {
    if (this != &o) {
      if (a.release) a.release(&a);
      a = o.a;
      o.a.release = nullptr;
    }
    return *this;
  }
  ~ArrowBatch() {
    if (a.release) a.release(&a);
  }
};

// One attribute column of an Arrow batch, rendered as OGR_F_GetFieldAsString would.
struct ArrowColumn {
  enum Kind : uint8_t { Utf8, LargeUtf8, Int32, Int64, Date32, Geometry, LargeGeometry } kind;
  int field = -1;  // OGR field index (-1 = geometry)
  const ArrowArray* arr = nullptr;

  bool valid(int64_t i) const {
    const int64_t j = i + arr->offset;
    const auto* bits = static_cast<const uint8_t*>(arr->buffers[0]);
    return arr->null_count == 0 || !bits || (bits[j >> 3] >> (j & 7)) & 1;
  }
  // Bytes of a variable-length value (strings, WKB).
  std::string_view bytes(int64_t i) const {
    const int64_t j = i + arr->offset;
    const char* data = static_cast<const char*>(arr->buffers[2]);
    if (kind == LargeUtf8 || kind == LargeGeometry) {
      const auto* off = static_cast<const int64_t*>(arr->buffers[1]);
      return {data + off[j], static_cast<size_t>(off[j + 1] - off[j])};
    }
    const auto* off = static_cast<const int32_t*>(arr->buffers[1]);
    return {data + off[j], static_cast<size_t>(off[j + 1] - off[j])};
  }
  // The value as text; `buf` holds formatted numbers and dates.
  std::string_view text(int64_t i, char (&buf)[32]) const {
    if (!valid(i)) return {};
    const int64_t j = i + arr->offset;
    switch (kind) {
      case Utf8:
      case LargeUtf8:
        return bytes(i);
      case Int32: {
        const auto r =
            std::to_chars(buf, buf + sizeof buf, static_cast<const int32_t*>(arr->buffers[1])[j]);
        return {buf, static_cast<size_t>(r.ptr - buf)};
      }
      case Int64: {
        const auto r =
            std::to_chars(buf, buf + sizeof buf, static_cast<const int64_t*>(arr->buffers[1])[j]);
        return {buf, static_cast<size_t>(r.ptr - buf)};
      }
      case Date32: {  // OGR: "%04d/%02d/%02d" (written by hand: snprintf was ~10 % of a load)
        int y;
        unsigned m, d;
        civil_from_days(static_cast<const int32_t*>(arr->buffers[1])[j], y, m, d);
        if (y < 0 || y > 9999) {
          const int len = std::snprintf(buf, sizeof buf, "%04d/%02d/%02d", y, m, d);
          return {buf, static_cast<size_t>(std::clamp(len, 0, 31))};
        }
        const unsigned yy = static_cast<unsigned>(y);
        buf[0] = static_cast<char>('0' + yy / 1000),
        buf[1] = static_cast<char>('0' + yy / 100 % 10);
        buf[2] = static_cast<char>('0' + yy / 10 % 10), buf[3] = static_cast<char>('0' + yy % 10);
        buf[4] = '/', buf[5] = static_cast<char>('0' + m / 10),
        buf[6] = static_cast<char>('0' + m % 10);
        buf[7] = '/', buf[8] = static_cast<char>('0' + d / 10),
        buf[9] = static_cast<char>('0' + d % 10);
        return {buf, 10};
      }
      default:
        return {};
    }
  }
};

// Reads an OGR layer through GDAL's columnar Arrow stream (RFC 86, GDAL >= 3.6): batches of
// WKB geometries and the used attribute columns, decoded on a second thread while this one
// fills the builder. Returns false, having consumed nothing, when the stream is unavailable
// or a used column has a type not rendered here exactly as the feature path renders it (the
// caller then reads feature by feature). Same rows, order and values as the feature path.
bool read_ogr_arrow(OGRLayerH layer, int nf, const std::vector<int>& used,
                    const std::string& declared, const OccurrenceOptions& opts,
                    const std::string& path, IngestReport& rep, Builder& b,
                    std::vector<std::pair<double, double>>& sample, CoordMode& mode,
                    const std::function<bool(double)>& progress, GIntBig total,
                    const std::string& driver) {
  if (CPLTestBool(CPLGetConfigOption("BIODASH_OGR_ARROW", "YES")) == FALSE) return false;
  // GeoPackage only (verified identical, and fast: GDAL 3.6 has a native GPKG Arrow reader);
  // GDAL 3.6's generic/FlatGeobuf streams misbehave on some files (a layer without geometry
  // streams without end).
  // GDAL 3.6's GPKG stream returns empty geometries when every attribute is ignored.
  if (driver != "GPKG" || used.empty()) return false;
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
  if (OGR_FD_GetGeomFieldCount(defn) != 1) return false;
  ArrowStreamHolder stream;
  char** sopts = CSLSetNameValue(nullptr, "INCLUDE_FID", "NO");
  OGR_L_ResetReading(layer);
  const bool ok = OGR_L_GetArrowStream(layer, &stream.s, sopts);
  CSLDestroy(sopts);
  if (!ok || !stream.s.release) return false;
  ArrowSchemaHolder schema;
  if (stream.s.get_schema(&stream.s, &schema.s) != 0 || !schema.s.release) return false;
  // Map the schema's children to OGR fields / the geometry.
  std::vector<ArrowColumn> cols;
  const char* gname = OGR_L_GetGeometryColumn(layer);
  int geom_child = -1;
  std::vector<int> child_of(nf, -1);
  for (int64_t c = 0; c < schema.s.n_children; ++c) {
    const ArrowSchema* ch = schema.s.children[c];
    const std::string_view name = ch->name ? ch->name : "";
    const std::string_view fmt = ch->format ? ch->format : "";
    const int fi = OGR_FD_GetFieldIndex(defn, std::string(name).c_str());
    const bool is_geom_name = (gname && *gname ? name == gname : name == "wkb_geometry");
    if ((fmt == "z" || fmt == "Z") && (is_geom_name || fi < 0) && geom_child < 0) {
      geom_child = static_cast<int>(c);
      cols.push_back({fmt == "z" ? ArrowColumn::Geometry : ArrowColumn::LargeGeometry, -1});
      continue;
    }
    if (fi < 0 || std::find(used.begin(), used.end(), fi) == used.end()) {
      cols.push_back({ArrowColumn::Utf8, -2});  // not read
      continue;
    }
    const OGRFieldType ft = OGR_Fld_GetType(OGR_FD_GetFieldDefn(defn, fi));
    ArrowColumn::Kind k;
    if (fmt == "u" && ft == OFTString)
      k = ArrowColumn::Utf8;
    else if (fmt == "U" && ft == OFTString)
      k = ArrowColumn::LargeUtf8;
    else if (fmt == "i" && ft == OFTInteger)
      k = ArrowColumn::Int32;
    else if (fmt == "l" && ft == OFTInteger64)
      k = ArrowColumn::Int64;
    else if (fmt == "tdD" && ft == OFTDate)
      k = ArrowColumn::Date32;
    else
      return false;  // a type we do not render exactly like OGR: feature path
    child_of[fi] = static_cast<int>(c);
    cols.push_back({k, fi});
  }
  if (geom_child < 0) return false;
  for (int fi : used)
    if (child_of[fi] < 0) return false;
  // Producer: pulls batches on its own thread (GDAL decodes while we build).
  std::mutex mu;
  std::condition_variable cv;
  std::deque<ArrowBatch> queue;
  bool done = false, stop = false;
  std::string error;
  std::thread producer([&] {
    while (true) {
      ArrowBatch batch;
      const int rc = stream.s.get_next(&stream.s, &batch.a);
      std::unique_lock<std::mutex> lk(mu);
      if (rc != 0) {
        const char* e = stream.s.get_last_error ? stream.s.get_last_error(&stream.s) : nullptr;
        error = e && *e ? e : "error " + std::to_string(rc);
        done = true;
        cv.notify_all();
        return;
      }
      if (!batch.a.release) {
        done = true;
        cv.notify_all();
        return;
      }
      cv.wait(lk, [&] { return stop || queue.size() < 3; });
      if (stop) return;
      queue.push_back(std::move(batch));
      cv.notify_all();
    }
  });
  struct Join {
    std::thread& t;
    std::mutex& mu;
    std::condition_variable& cv;
    bool& stop;
    ~Join() {
      {
        std::lock_guard<std::mutex> lk(mu);
        stop = true;
      }
      cv.notify_all();
      t.join();
    }
  } join{producer, mu, cv, stop};
  auto next_batch = [&](ArrowBatch& out) {
    std::unique_lock<std::mutex> lk(mu);
    cv.wait(lk, [&] { return !queue.empty() || done; });
    if (queue.empty()) {
      if (!error.empty()) throw Error(path + ": reading " + rep.data_file + ": " + error);
      return false;
    }
    out = std::move(queue.front());
    queue.pop_front();
    cv.notify_all();
    return true;
  };
  auto bind = [&](const ArrowBatch& batch) {
    if (batch.a.n_children != schema.s.n_children) throw Error(path + ": Arrow batch layout");
    for (size_t c = 0; c < cols.size(); ++c) cols[c].arr = batch.a.children[c];
  };
  // Pass 1: batches are kept until the first 2000 points decide the CRS handling.
  std::vector<ArrowBatch> held;
  {
    ArrowBatch batch;
    while (sample.size() < 2000 && next_batch(batch)) {
      bind(batch);
      const ArrowColumn& g = cols[geom_child];
      for (int64_t i = 0; i < batch.a.length && sample.size() < 2000; ++i) {
        if (!g.valid(i)) continue;
        const std::string_view w = g.bytes(i);
        const GeomXY p = point_of_wkb(reinterpret_cast<const unsigned char*>(w.data()), w.size());
        if (p.kind == GeomXY::Point && std::isfinite(p.x) && std::isfinite(p.y))
          sample.push_back({p.x, p.y});
      }
      held.push_back(std::move(batch));
    }
  }
  mode = decide_crs(sample, opts, declared, path, rep);
  b.mode = mode;
  if (total > 0) b.reserve(static_cast<size_t>(total));
  // Pass 2: every row into the builder.
  std::vector<std::string_view> fs(nf + 2);
  std::vector<std::array<char, 32>> bufs(cols.size());
  uint32_t k = 0;
  auto consume = [&](const ArrowBatch& batch) {
    bind(batch);
    const ArrowColumn& g = cols[geom_child];
    for (int64_t i = 0; i < batch.a.length; ++i) {
      for (size_t c = 0; c < cols.size(); ++c)
        if (cols[c].field >= 0)
          fs[cols[c].field] = cols[c].text(i, *reinterpret_cast<char(*)[32]>(bufs[c].data()));
      GeomXY p;
      if (g.valid(i)) {
        const std::string_view w = g.bytes(i);
        p = point_of_wkb(reinterpret_cast<const unsigned char*>(w.data()), w.size());
      }
      b.add(fs, ++k, &p);
    }
    if (progress && total > 0 && !progress(0.9 * k / double(total))) throw Cancelled();
  };
  for (auto& batch : held) {
    consume(batch);
    batch = ArrowBatch();
  }
  ArrowBatch batch;
  while (next_batch(batch)) consume(batch);
  return true;
}

ObservationStore read_ogr(const std::string& path, const std::string& layer_name,
                          const OccurrenceOptions& opts, IngestReport& rep,
                          const std::function<bool(double)>& progress) {
  CPLErrorReset();
  const GdalDataset ds = open_vector_dataset(path);
  if (!ds) throw Error(path + ": not a readable occurrence file: " + CPLGetLastErrorMsg());
  OGRLayerH layer = nullptr;
  if (!layer_name.empty()) {
    layer = GDALDatasetGetLayerByName(ds.get(), layer_name.c_str());
    if (!layer) throw Error(path + ": no layer '" + layer_name + "'");
  } else {
    for (int i = 0; i < GDALDatasetGetLayerCount(ds.get()) && !layer; ++i) {
      OGRLayerH l = GDALDatasetGetLayer(ds.get(), i);
      const OGRwkbGeometryType g = wkbFlatten(OGR_L_GetGeomType(l));
      if (g == wkbPoint || g == wkbMultiPoint || g == wkbUnknown) layer = l;
    }
    if (!layer) throw Error(path + ": no point layer");
  }
  rep.format =
      std::string("OGR ") + GDALGetDriverShortName(GDALGetDatasetDriver(ds.get())) + " point layer";
  rep.data_file = path + ":" + OGR_L_GetName(layer);
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
  const int nf = OGR_FD_GetFieldCount(defn);
  std::vector<std::string> header;
  for (int i = 0; i < nf; ++i) header.push_back(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)));
  ColumnPlan plan = plan_from_header(header, opts.mapping, path, rep);
  // Geometry coordinates go into two extra fields.
  plan.col[static_cast<size_t>(Term::Longitude)] = nf;
  plan.col[static_cast<size_t>(Term::Latitude)] = nf + 1;
  plan.col[static_cast<size_t>(Term::LatLonPair)] = -1;
  std::string declared;
  if (OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(layer)) {
    char* wkt = nullptr;
    if (OSRExportToWkt(srs, &wkt) == OGRERR_NONE && wkt) declared = wkt;
    CPLFree(wkt);
  }
  // Decode only the attributes a term is read from: GDAL then skips the others entirely
  // (a 1M-feature GeoPackage reads several times faster). Builder::add never reads the
  // occurrenceID or geodeticDatum columns.
  std::vector<int> used;
  for (size_t k = 0; k < kTermCount; ++k) {
    const int c = plan.col[k];
    if (k == static_cast<size_t>(Term::OccurrenceId) ||
        k == static_cast<size_t>(Term::GeodeticDatum))
      continue;
    if (c >= 0 && c < nf && std::find(used.begin(), used.end(), c) == used.end()) used.push_back(c);
  }
  std::vector<const char*> ignored;
  for (int i = 0; i < nf; ++i)
    if (std::find(used.begin(), used.end(), i) == used.end())
      ignored.push_back(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)));
  ignored.push_back(nullptr);
  OGR_L_SetIgnoredFields(layer, ignored.data());
  const GIntBig total = OGR_L_GetFeatureCount(layer, FALSE);
  std::vector<Builder> bs(1);
  bs[0].plan = &plan;
  std::vector<std::string_view> fs(nf + 2);
  std::vector<std::pair<double, double>> sample;
  CoordMode mode = CoordMode::Degrees;
  if (!read_ogr_arrow(layer, nf, used, declared, opts, path, rep, bs[0], sample, mode, progress,
                      total, GDALGetDriverShortName(GDALGetDatasetDriver(ds.get())))) {
    // Feature by feature. One reusable row: strings keep their capacity, so streaming
    // allocates nothing per feature.
    std::vector<std::string> row(nf + 2);
    GeomXY xy;
    auto fill_row = [&](OGRFeatureH f) {
      for (int i : used) {
        if (OGR_F_IsFieldSetAndNotNull(f, i))
          row[i].assign(OGR_F_GetFieldAsString(f, i));
        else
          row[i].clear();
      }
      xy = point_of(OGR_F_GetGeometryRef(f));
    };
    // Pass 1: a sample of coordinates decides the CRS handling.
    OGR_L_ResetReading(layer);
    while (sample.size() < 2000) {
      OGRFeatureH f = OGR_L_GetNextFeature(layer);
      if (!f) break;
      fill_row(f);
      OGR_F_Destroy(f);
      if (xy.kind == GeomXY::Point && std::isfinite(xy.x) && std::isfinite(xy.y))
        sample.push_back({xy.x, xy.y});
    }
    mode = decide_crs(sample, opts, declared, path, rep);
    // Pass 2: stream every feature into the builder.
    bs[0].mode = mode;
    OGR_L_ResetReading(layer);
    uint32_t k = 0;
    while (OGRFeatureH f = OGR_L_GetNextFeature(layer)) {
      ++k;
      fill_row(f);
      OGR_F_Destroy(f);
      for (int i = 0; i < nf + 2; ++i) fs[i] = row[i];
      bs[0].add(fs, k, &xy);
      if (progress && (k & 0xFFFF) == 0 && total > 0 && !progress(0.9 * k / double(total)))
        throw Cancelled();
    }
  }
  for (size_t i = 0; i < bs[0].st.size(); ++i) bs[0].bbox_src.expand(bs[0].st.x[i], bs[0].st.y[i]);
  if (mode != CoordMode::Unknown) bs[0].transform(rep.src_crs, opts.project_crs);
  rep.notes.push_back("line numbers are feature numbers (1-based)");
  ObservationStore st = merge(bs, rep.data_file + " feature", rep);
  if (progress && !progress(1.0)) throw Cancelled();
  return st;
}

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
  struct stat sb {};
  if (::stat(path.c_str(), &sb) != 0)
    throw Error(path + ": cannot open file: " + std::strerror(errno));
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
            v.substr(0, 1 << 20).find("SimpleDarwinRecordSet") == std::string_view::npos)
          throw Error(path + ": XML file without SimpleDarwinRecordSet (not Simple Darwin Core)");
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
  finish_report(st, rep);
  rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return st;
}

}  // namespace biodash
