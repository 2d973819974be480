#pragma once
// The occurrence readers' shared parts (internal to src/io): the bytes of a data file, the
// column plan from a header, coordinate helpers, the per-thread row builder that turns parsed
// fields into store columns and reasons, the merge of the builders into one store, and the
// readers of each format (occurrence_text.cpp, occurrence_dwca.cpp, occurrence_ogr.cpp) that
// read_occurrences (occurrence_reader.cpp) dispatches to. Not part of the io interface.
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
#include "core/input_file.hpp"
#include "io/gdal_dataset.hpp"
#include "io/occurrence_parse.hpp"
#include "io/occurrence_reader.hpp"
#include "io/string_ids.hpp"

namespace biodash::occurrence {

// ---- byte sources ------------------------------------------------------------------------

// Limits on what a data file may make biodash hold or scan before it is refused.
inline constexpr size_t kMaxHeaderLine = size_t{1} << 20;  // a header line: 1 MiB
inline constexpr size_t kMaxRecord = size_t{16} << 20;     // a data record: 16 MiB
inline constexpr uint64_t kBombSize = uint64_t{1} << 30;   // a member over 1 GiB that...
inline constexpr uint64_t kBombRatio = 100;                // ...unpacks to 100x its archive
inline constexpr size_t kMaxMetaXml = size_t{16} << 20;    // meta.xml
inline constexpr size_t kStreamWindow = size_t{16} << 20;  // unpacked per read of a member

// Memory an archive member may take once unpacked: half the machine's physical memory.
inline uint64_t member_memory_budget() {
  const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
  return pages > 0 && page > 0 ? uint64_t(pages) * uint64_t(page) / 2 : uint64_t{8} << 30;
}

inline std::string mib(uint64_t bytes) {
  char b[32];
  std::snprintf(b, sizeof b, "%.1f MiB", double(bytes) / double(1 << 20));
  return b;
}

// The bytes of one data file: a read-only mapping of a plain file, or a copy read through
// GDAL's virtual file system (archive members), bounded.
class ByteSource {
 public:
  ByteSource() = default;
  ByteSource(const ByteSource&) = delete;
  ByteSource& operator=(const ByteSource&) = delete;
  ~ByteSource() {
    if (map_) munmap(map_, map_size_);
    if (vsi_) VSIFCloseL(vsi_);
  }

  // Maps a regular file (a FIFO, device or /proc file is refused by name without blocking:
  // core/input_file).
  void open_file(const std::string& path, const char* what = "an occurrence file") {
    uint64_t size = 0;
    const int fd = open_regular_file(path, what, &size);
    map_size_ = static_cast<size_t>(size);
    if (map_size_ > 0) {
      map_ = mmap(nullptr, map_size_, PROT_READ, MAP_PRIVATE, fd, 0);
      if (map_ == MAP_FAILED) {
        const int e = errno;
        map_ = nullptr;
        ::close(fd);
        throw Error(path + ": cannot map file: " + std::strerror(e));
      }
      madvise(map_, map_size_, MADV_SEQUENTIAL);
    }
    ::close(fd);
    view_ = std::string_view(static_cast<const char*>(map_), map_size_);
  }

  // Copies an archive member into memory (meta.xml, an Event core). Refused before a byte is
  // unpacked: a member whose declared size is over kBombSize and over kBombRatio times
  // `archive_bytes` (the archive file's size; 0 = unknown), or over `max_bytes` or the memory
  // budget. Reading stops with an error when the member unpacks to more than it declared.
  void open_vsi(const std::string& vsi_path, const std::string& label, uint64_t archive_bytes,
                uint64_t max_bytes = ~uint64_t{0}) {
    open_vsi_checked(vsi_path, label, archive_bytes, std::min(max_bytes, member_memory_budget()));
    copy_.reserve(static_cast<size_t>(std::min<uint64_t>(declared_, uint64_t{1} << 30)));
    while (more()) next_window(0);
    close_vsi();
  }

  // Streams an archive member (the data file of an archive): only its first kStreamWindow
  // bytes are unpacked now (view(): dialect, header and CRS detection); read_text asks for the
  // rest a window at a time with next_window(), so memory holds one window, not the member.
  // The same bomb guard as open_vsi; no memory budget (nothing is kept).
  void open_vsi_stream(const std::string& vsi_path, const std::string& label,
                       uint64_t archive_bytes) {
    open_vsi_checked(vsi_path, label, archive_bytes, ~uint64_t{0});
    next_window(0);
  }

  // True while a streamed member has bytes not yet unpacked.
  bool more() const { return vsi_ != nullptr && !eof_; }

  // Drops the first `keep_from` bytes of the window and appends the next kStreamWindow bytes
  // of the member (the new window: view()). Throws when the member unpacks to more
  // than it declared (or than the limit when it declared nothing).
  void next_window(size_t keep_from) {
    copy_.erase(0, keep_from);
    dropped_ += keep_from;
    const size_t old = copy_.size();
    copy_.resize(old + kStreamWindow);
    size_t got = 0;
    while (got < kStreamWindow) {
      const size_t n = VSIFReadL(copy_.data() + old + got, 1, kStreamWindow - got, vsi_);
      if (n == 0) break;
      got += n;
    }
    copy_.resize(old + got);
    if (cr_to_lf_)
      std::replace(copy_.begin() + static_cast<std::ptrdiff_t>(old), copy_.end(), '\r', '\n');
    unpacked_ += got;
    if (got < kStreamWindow) eof_ = true;
    if (unpacked_ > limit_)
      throw Error(label_ + ": refused: unpacks to more than " +
                  (declared_ > 0 ? "its declared " + mib(declared_) : mib(limit_) + " allowed"));
    view_ = copy_;
  }

  // Classic Mac line ends (lone '\r', no '\n' anywhere): turns them into '\n' in the current
  // window and every later one (same length, so offsets stay).
  void cr_to_lf() {
    cr_to_lf_ = true;
    std::replace(copy_.begin(), copy_.end(), '\r', '\n');
    view_ = copy_;
  }

  // Bytes of the member before the current window (for byte offsets in messages), and
  // unpacked so far / declared (0 when the archive did not say).
  uint64_t dropped() const { return dropped_; }
  uint64_t unpacked() const { return unpacked_; }
  uint64_t declared() const { return declared_; }

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
  void open_vsi_checked(const std::string& vsi_path, const std::string& label,
                        uint64_t archive_bytes, uint64_t budget) {
    label_ = label;
    CPLErrorReset();
    VSIStatBufL sb;
    if (VSIStatL(vsi_path.c_str(), &sb) == 0) declared_ = static_cast<uint64_t>(sb.st_size);
    if (declared_ > kBombSize && archive_bytes > 0 && declared_ / kBombRatio > archive_bytes)
      throw Error(label + ": refused: unpacks to " + mib(declared_) + " from an archive of " +
                  mib(archive_bytes) + " (more than " + std::to_string(kBombRatio) +
                  " times its size and over 1 GiB: a decompression bomb?)");
    if (declared_ > budget)
      throw Error(label + ": refused: unpacks to " + mib(declared_) + ", more than the " +
                  mib(budget) + " allowed");
    vsi_ = VSIFOpenL(vsi_path.c_str(), "rb");
    if (!vsi_) {
      const char* m = CPLGetLastErrorMsg();
      throw Error(label + ": cannot open: " +
                  (m && *m ? std::string(m)
                   : errno ? std::strerror(errno)
                           : "unknown reason"));
    }
    limit_ = declared_ > 0 ? declared_ : budget;
  }
  void close_vsi() {
    if (vsi_) VSIFCloseL(vsi_);
    vsi_ = nullptr;
  }

  void* map_ = nullptr;      // mmap base (nullptr when copied)
  size_t map_size_ = 0;      // mapping length
  std::string copy_;         // bytes read through VSI (all, or the current window)
  std::string_view view_;    // the bytes
  VSILFILE* vsi_ = nullptr;  // an archive member being read
  std::string label_;        // its name in messages
  uint64_t declared_ = 0;    // its size as the archive declares it (0 = unknown)
  uint64_t limit_ = 0;       // most bytes it may unpack to
  uint64_t unpacked_ = 0;    // bytes unpacked so far
  uint64_t dropped_ = 0;     // bytes dropped before the current window
  bool eof_ = false;         // the member is read to its end
  bool cr_to_lf_ = false;    // classic Mac line ends turned into '\n' as windows arrive
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
inline ColumnPlan plan_from_header(const std::vector<std::string>& header,
                                   const ColumnMapping& mapping, const std::string& label,
                                   IngestReport& rep) {
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

inline bool is_geographic(const std::string& crs) {
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
inline bool parse_latlon_pair(std::string_view s, double& lon, double& lat) {
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
      if (t.scientific_name.empty()) {
        t.scientific_name = text(name);
        // Named only by a vernacular name: that name is the taxon (core/species).
        t.vernacular_only = trimmed(get(f, Term::Species)).empty() && !name.empty();
      }
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
      t.gbif_species_key = text(trimmed(get(f, Term::SpeciesKey)));
      t.gbif_taxon_key = text(trimmed(get(f, Term::AcceptedTaxonKey)));
      if (t.gbif_taxon_key.empty()) t.gbif_taxon_key = text(trimmed(get(f, Term::TaxonKey)));
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
    // Absent: occurrenceStatus says so, or (as GBIF infers it) no status and a count of 0. An
    // explicit "present" wins over a count of 0 (a count left at 0, e.g. plants not counted).
    const std::string_view status = trimmed(get(f, Term::OccurrenceStatus));
    auto is = [&](const char* word) {
      if (status.size() != std::strlen(word)) return false;
      for (size_t k = 0; k < status.size(); ++k)
        if (std::tolower(static_cast<unsigned char>(status[k])) != word[k]) return false;
      return true;
    };
    if (is("absent"))
      count = 0;
    else if (count == 0 && is("present"))
      count = 1;
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
    const TransformLease tr = borrow_transform(src, dst);
    if (tr->identity()) return;
    const size_t n = st.x.size();
    size_t failed = 0;
    for (size_t i = 0; i < n; i += 1 << 16) {
      const size_t m = std::min<size_t>(n - i, 1 << 16);
      failed += tr->transform(st.x.data() + i, st.y.data() + i, m);
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
ObservationStore merge(std::vector<Builder>& bs, const std::string& label, IngestReport& rep);
// Bounds, day range, species and observer counts of the finished store into the report.
void finish_report(ObservationStore& st, IngestReport& rep, bool names_as_given);

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
                     const std::string& label, IngestReport& rep);

inline bool ends_with(std::string_view s, std::string_view suf) {
  return s.size() >= suf.size() && s.substr(s.size() - suf.size()) == suf;
}
inline std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The readers of each format.
ObservationStore read_text(ByteSource& src, TextSpec spec, const OccurrenceOptions& opts,
                           IngestReport& rep, const std::function<bool(double)>& progress);
ObservationStore read_dwca(const std::string& path, const std::string& root,
                           const OccurrenceOptions& opts, IngestReport& rep,
                           const std::function<bool(double)>& progress);
ObservationStore read_simple_dwc_xml(const std::string& path, const ByteSource& src,
                                     const OccurrenceOptions& opts, IngestReport& rep,
                                     const std::function<bool(double)>& progress);
ObservationStore read_ogr(const std::string& path, const std::string& layer_name,
                          const OccurrenceOptions& opts, IngestReport& rep,
                          const std::function<bool(double)>& progress);

}  // namespace biodash::occurrence
