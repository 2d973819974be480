#pragma once
// Reads citizen-science / museum occurrence records of any common export into the columnar
// ObservationStore, accounting for every row: each data row is either kept or rejected with a
// reason, counted in the IngestReport with the first file:line examples.
//
// Formats (detected by content, not by extension):
//  - Darwin Core Archive: a .zip/.tgz or a directory with meta.xml; the Occurrence core (or an
//    Occurrence extension of an Event core, joined on coreid) is read with the delimiter,
//    quote, encoding, header lines and column indices that meta.xml declares. Event core
//    (GBIF sampling-event datasets): each extension row is an occurrence; its coreid names an
//    event, and what the row lacks is taken from that event, or else from the event's
//    parentEventID chain (nearest ancestor first, cycles cut): the point (decimalLongitude,
//    decimalLatitude, coordinateUncertaintyInMeters, as one group), the date (eventDate,
//    year, month, day, as one group) and recordedBy. Rows whose coreid names no event are
//    rejected as Reject::UnknownEvent. Only these inherited values are kept per event.
//  - GBIF occurrence downloads (occurrence.txt, tab-separated) and "simple" CSV.
//  - iNaturalist web export CSV, observation.org / waarneming.nl exports, any delimited text:
//    delimiter detected, UTF-8 (BOM stripped) or Windows-1252/Latin-1 per string, decimal
//    commas, columns mapped to Darwin Core terms by name (occurrence_parse.hpp) or by
//    OccurrenceOptions::mapping.
//  - Simple Darwin Core XML (SimpleDarwinRecordSet).
//  - Any OGR point layer (GeoPackage, FlatGeobuf, Shapefile, GeoJSON...), "file[:layer]".
// Coordinates: taken as WGS84 lon/lat unless OccurrenceOptions::src_crs says otherwise; when
// the values cannot be degrees but fit RD New (EPSG:28992), RD New is assumed and a note says
// so (the muskrat export names RD metres "Longitude"/"Latitude"); otherwise rows are rejected
// as "unknown CRS". All points are transformed to the project CRS in batches.
// Thread-safety: read_occurrences may run on any thread; the progress callback is called on
// the calling thread only.
#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/envelope.hpp"
#include "core/error.hpp"
#include "core/observations.hpp"
#include "core/species.hpp"

namespace biodash {

// Explicit Darwin Core term -> column name (or 0-based column index as digits), overriding
// the automatic mapping. Keys: term names ("decimalLatitude", "eventDate", "recordedBy",
// "scientificName", "individualCount", "quality_grade", ...), case-insensitive. An empty
// column name means "this term: no column": the term is not read even when the automatic
// mapping (or meta.xml) found a column for it (CLI `--map recordedBy=`, the dialog's "(none)").
using ColumnMapping = std::map<std::string, std::string>;

struct OccurrenceOptions {
  std::string project_crs = "EPSG:28992";  // CRS of the store's x, y
  std::string src_crs;    // CRS of the file's coordinates; overrides detection ("" = detect)
  ColumnMapping mapping;  // explicit term -> column, on top of the name matching
  std::string layer;      // OGR sources: layer name ("" = first layer with points)
  int threads = 0;        // parser threads for large unquoted text (0 = hardware, max 8)
  // Every distinct name is a species as written (no parsing, no ranks): for a column the user
  // names as the species (`biodash aggregate --species-field`).
  bool names_as_given = false;
};

// read_occurrences throws Cancelled (core/error.hpp) when the progress callback asks to stop.

// Why a row was not kept.
enum class Reject : uint8_t {
  NoCoordinates,    // coordinate fields empty or missing
  BadCoordinates,   // coordinate fields not numbers (e.g. 10'12")
  OutOfRange,       // lon/lat outside +-180/+-90, or not transformable to the project CRS
  ZeroCoordinates,  // lon/lat exactly 0,0 (a missing value written as zero)
  UnknownCrs,       // projected-looking values and no CRS given or recognised
  BadDate,          // date present but not parseable
  FieldCount,       // number of fields differs from the header / meta.xml
  UnclosedQuote,    // a quoted field never closed
  UnknownEvent,     // Occurrence extension row whose coreid names no event ("file:line ('ID')")
  Count_            // number of reasons (not a reason)
};
inline constexpr size_t kRejectCount = static_cast<size_t>(Reject::Count_);
const char* to_string(Reject r);

// What happened to every row of one load.
struct IngestReport {
  std::string source;     // path as given
  std::string format;     // "delimited text", "Darwin Core Archive", "Simple Darwin Core XML", ...
  std::string data_file;  // the file that held the rows (archive member, layer)
  std::string src_crs;    // CRS the coordinates were read in
  std::string project_crs;  // CRS of the store
  uint64_t rows_read = 0;   // data rows (records) seen; = kept + sum(rejected)
  uint64_t kept = 0;        // rows that became observations
  std::array<uint64_t, kRejectCount> rejected{};                // rows rejected, by reason
  std::array<std::vector<std::string>, kRejectCount> examples;  // first 5 "file:line" each
  uint64_t blank_lines = 0;                                     // empty lines skipped (not records)
  uint64_t no_date = 0;          // kept rows without any date (day = kUnknownDay)
  uint64_t date_from_ymd = 0;    // kept rows whose eventDate was unparseable but year/month/day not
  uint64_t no_taxon = 0;         // kept rows without a taxon name (taxon 0)
  uint64_t absent = 0;           // kept rows recorded as absent (count 0)
  uint64_t strings_recoded = 0;  // dictionary strings converted from Windows-1252
  std::vector<std::string> notes;  // file-level remarks (assumed CRS, ignored extensions...)
  std::map<std::string, std::string> columns;  // term -> column it was read from
  size_t names = 0;                            // distinct taxon names among kept rows
  size_t species = 0;                          // distinct species (core/species)
  SpeciesSummary taxa;               // species-rank / higher-rank records, names merged, absences
  size_t observers = 0;              // distinct non-empty observers among kept rows
  int32_t first_day = kUnknownDay;   // earliest day of a kept row
  int32_t last_day = kUnknownDay;    // latest day (incl. span) of a kept row
  Envelope bbox;                     // of kept rows, project CRS
  Envelope bbox_src;                 // of kept rows, in src_crs (lon/lat for WGS84)
  double bytes_per_observation = 0;  // resident column bytes per observation
  uint64_t bytes = 0;                // bytes of the data file
  double seconds = 0;                // wall time of the load

  uint64_t rejected_total() const;
  // Multi-line human-readable summary (what `biodash inspect` prints).
  std::string summary() const;
};

// Reads `path_or_spec` (file, directory, archive, or "file:layer" for OGR sources).
// `progress(fraction)` is called now and then with 0..1; returning false cancels: the call
// then throws Cancelled (no partial store). Throws Error naming the file and the reason when
// the file cannot be read at all (missing, not a format we know, archive without occurrence
// core, no coordinate columns); a bad row never throws, it is counted in `report`.
ObservationStore read_occurrences(const std::string& path_or_spec, const OccurrenceOptions& opts,
                                  IngestReport& report,
                                  const std::function<bool(double fraction)>& progress = {});

}  // namespace biodash
