// Citizen observations in the dashboard: loading on the job queue, the ingest summary, cancel,
// and the column-mapping path the dialog uses. Expected counts come from an independent parse
// of the fixture (GDAL's VSI + a naive tab split), not from the reader.
#include <cpl_vsi.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "io/csv_table.hpp"
#include "io/occurrence_reader.hpp"
#include "wait_idle.hpp"
#include "workspace/observation_load.hpp"
#include "workspace/workspace.hpp"

namespace biodash::ui {
namespace {

const std::string kOcc = std::string(BIODASH_TEST_DATA) + "/occurrences/";

bool has_message(const Workspace& d, const std::string& text) {
  std::vector<Message> out;
  d.messages.snapshot(0, out);
  for (const auto& m : out) {
    if (m.text.find(text) != std::string::npos) return true;
  }
  return false;
}

std::unique_ptr<Workspace> make_dashboard(std::vector<std::string> files = {}) {
  WorkspaceOptions o;
  o.files = std::move(files);
  o.observations_by_extension = true;
  auto d = std::make_unique<Workspace>(o);
  d->camera.width = 1280;
  d->camera.height = 800;
  d->map_rect = {300, 0, 1000, 640};
  return d;
}

// gbif-results.zip/occurrence.txt: 158 rows without header, tab-separated; latitude and
// longitude in fields 24 and 25 (meta.xml). Counted here without the reader.
struct GbifCounts {
  size_t rows = 0, with_xy = 0, zero = 0;
};
GbifCounts count_gbif_results() {
  GbifCounts c;
  const std::string path = "/vsizip/" + kOcc + "gbif-dwca/gbif-results.zip/occurrence.txt";
  VSILFILE* f = VSIFOpenL(path.c_str(), "rb");
  if (!f) return c;
  std::string text;
  char buf[4096];
  size_t n;
  while ((n = VSIFReadL(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
  VSIFCloseL(f);
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    std::vector<std::string> fields;
    std::string cur;
    for (char ch : line) {
      if (ch == '\t') {
        fields.push_back(cur);
        cur.clear();
      } else if (ch != '\r') {
        cur.push_back(ch);
      }
    }
    fields.push_back(cur);
    ++c.rows;
    if (fields.size() < 26 || fields[24].empty() || fields[25].empty()) continue;
    if (std::stod(fields[24]) == 0 && std::stod(fields[25]) == 0) {
      ++c.zero;
      continue;
    }
    ++c.with_xy;
  }
  return c;
}

TEST(Observations, ExtensionRouting) {
  EXPECT_TRUE(looks_like_observations("a/b/export.CSV"));
  EXPECT_TRUE(looks_like_observations("occurrence.txt"));
  EXPECT_TRUE(looks_like_observations("dwca.zip"));
  EXPECT_TRUE(looks_like_observations(kOcc + "gbif-dwca/dwca-malformed-descriptor"));
  EXPECT_FALSE(looks_like_observations("buurten.geojson"));
  EXPECT_FALSE(looks_like_observations("demo.gpkg:wijken"));
}

TEST(Observations, GbifArchiveLoadsAsPointLayerWithSummary) {
  const GbifCounts want = count_gbif_results();
  ASSERT_EQ(want.rows, 158u);  // README: 158 rows
  auto d = make_dashboard({kOcc + "gbif-dwca/gbif-results.zip"});
  ASSERT_EQ(d->observation_loads.size(), 1u);  // a job, not a blocking read
  wait_idle(*d);
  EXPECT_TRUE(d->observation_loads.empty());
  ASSERT_EQ(d->observations.size(), 1u);
  const ObservationSet& set = d->observations[0];
  ASSERT_NE(set.store, nullptr);
  EXPECT_EQ(set.store->size(), want.with_xy);
  EXPECT_EQ(set.store->crs, d->scene.map_crs);  // read into the map CRS
  const std::string summary = set.report->summary();
  EXPECT_NE(summary.find("rows read:     158\n"), std::string::npos) << summary;
  EXPECT_NE(summary.find("records kept:  " + std::to_string(want.with_xy) + "\n"),
            std::string::npos)
      << summary;
  EXPECT_NE(summary.find("rows rejected: " + std::to_string(want.rows - want.with_xy) + "\n"),
            std::string::npos)
      << summary;
  const std::string zero_line = std::string("  ") + to_string(Reject::ZeroCoordinates) + ": " +
                                std::to_string(want.zero) + "\n";
  EXPECT_NE(summary.find(zero_line), std::string::npos) << summary;
  const std::string none_line = std::string("  ") + to_string(Reject::NoCoordinates) + ": " +
                                std::to_string(want.rows - want.with_xy - want.zero) + "\n";
  EXPECT_NE(summary.find(none_line), std::string::npos) << summary;
  EXPECT_NE(summary.find("gbif-results.zip"), std::string::npos);  // file:line examples
  // The point layer.
  ASSERT_NE(set.layer_id, 0u);
  const int i = d->scene_index(set.layer_id);
  ASSERT_GE(i, 0);
  const Layer& l = *d->scene.layers[i].layer;
  EXPECT_EQ(l.kind, GeomKind::Point);
  EXPECT_EQ(l.size(), want.with_xy);
  EXPECT_TRUE(l.placed());
  EXPECT_EQ(l.map_crs, d->scene.map_crs);
  // The layer holds nothing per point: it is a view of the store (feature i = store row i,
  // fid = source row); a clicked point's attributes, the mesh and the renderer's day and group
  // come from the store's columns.
  EXPECT_EQ(l.store, set.store);
  EXPECT_TRUE(l.fields.empty());
  EXPECT_TRUE(l.values.empty());
  EXPECT_TRUE(l.fids.empty());
  EXPECT_TRUE(l.source_geoms.empty());
  EXPECT_TRUE(l.geoms.empty());
  for (size_t k = 0; k < l.size(); ++k)
    ASSERT_EQ(feature_fid(l, k), int64_t(set.store->source_row[k]));
  const auto& attrs = d->scene.layers[i].point_attributes;
  ASSERT_NE(attrs, nullptr) << "day and group for the GPU time window";
  ASSERT_EQ(attrs->day.size(), set.store->size());
  size_t known = 0;
  for (size_t k = 0; k < attrs->day.size(); ++k) {
    const int32_t day = set.store->day[k];
    if (day == kUnknownDay) {
      EXPECT_TRUE(std::isnan(attrs->day[k])) << k;
    } else {
      EXPECT_EQ(attrs->day[k], static_cast<float>(day)) << k;
      ++known;
    }
  }
  EXPECT_GT(known, 0u);
  // The panel's table has the same numbers.
  bool kept_row = false;
  for (const auto& r : summary_rows(summary))
    kept_row |= r.key == "records kept" && r.value == std::to_string(want.with_xy);
  EXPECT_TRUE(kept_row);
  EXPECT_TRUE(has_message(*d, std::to_string(want.with_xy) + " of 158 rows kept"));
  // Removing the layer drops the observation set.
  d->remove_layer(set.layer_id);
  EXPECT_TRUE(d->observations.empty());
}

TEST(Observations, CancelAddsNothing) {
  auto d = make_dashboard();
  d->open_observations(kOcc + "muskrat/Vangstgegevens_muskus_en_beverratten_NL_2019.csv");
  ASSERT_EQ(d->observation_loads.size(), 1u);
  d->cancel_observations();  // before the worker's first progress call: it stops there
  wait_idle(*d);
  EXPECT_TRUE(d->observation_loads.empty());
  EXPECT_TRUE(d->observations.empty());
  EXPECT_TRUE(d->scene.layers.empty());
  EXPECT_TRUE(has_message(*d, "loading cancelled"));
  // The same file loads when not cancelled: 47,473 rows (README), all kept.
  d->open_observations(kOcc + "muskrat/Vangstgegevens_muskus_en_beverratten_NL_2019.csv");
  wait_idle(*d);
  ASSERT_EQ(d->observations.size(), 1u);
  EXPECT_EQ(d->observations[0].report->kept, 47473u);
  EXPECT_EQ(d->scene.layers.size(), 1u);
}

TEST(Observations, UnusualColumnsNeedTheMappingDialog) {
  const auto path = std::filesystem::temp_directory_path() / "biodash_obs_unusual_columns.csv";
  {
    std::ofstream f(path);
    f << "lat_deg;lon_deg;soort;datum\n"
         "52,1601;4,4970;Merel;3-5-2021\n"
         "52,1650;4,4850;Koolmees;4-5-2021\n"
         ";;Ekster;5-5-2021\n";
  }
  auto d = make_dashboard({path.string()});
  wait_idle(*d);
  EXPECT_TRUE(d->observations.empty());
  EXPECT_TRUE(d->scene.layers.empty());
  ASSERT_TRUE(d->mapping_request.has_value());
  EXPECT_EQ(d->mapping_request->path, path.string());
  EXPECT_TRUE(is_mapping_failure(d->mapping_request->reason));

  // What the dialog shows and hands back.
  const ObservationPreview p = preview_observation_file(path.string());
  ASSERT_TRUE(p.error.empty()) << p.error;
  EXPECT_EQ(p.delimiter, ';');
  ASSERT_EQ(p.header.size(), 4u);
  EXPECT_EQ(p.rows.size(), 3u);
  std::vector<int> choice = initial_choices(p, {});
  const auto& terms = mapping_dialog_terms();
  auto slot = [&](Term t) {
    for (size_t i = 0; i < terms.size(); ++i)
      if (terms[i] == t) return i;
    return terms.size();
  };
  EXPECT_EQ(choice[slot(Term::Latitude)], -1);
  EXPECT_EQ(choice[slot(Term::EventDate)], 3);  // "datum" is known
  choice[slot(Term::Latitude)] = 0;
  choice[slot(Term::Longitude)] = 1;
  const ColumnMapping m = mapping_from_choices(p.header, choice);
  EXPECT_EQ(m.at("decimalLatitude"), "lat_deg");
  EXPECT_EQ(m.at("decimalLongitude"), "lon_deg");

  d->mapping_request.reset();
  d->open_observations(path.string(), m, "EPSG:4326");
  wait_idle(*d);
  EXPECT_FALSE(d->mapping_request.has_value());
  ASSERT_EQ(d->observations.size(), 1u);
  const IngestReport& r = *d->observations[0].report;
  EXPECT_EQ(r.rows_read, 3u);
  EXPECT_EQ(r.kept, 2u);
  EXPECT_EQ(r.rejected[static_cast<size_t>(Reject::NoCoordinates)], 1u);
  EXPECT_EQ(r.first_day, days_from_civil(2021, 5, 3));
  ASSERT_EQ(d->scene.layers.size(), 1u);
  // Leiden in RD New: roughly x 93 km, y 464 km.
  const Envelope& b = d->scene.layers[0].layer->bounds;
  EXPECT_NEAR(b.minx, 93000, 3000);
  EXPECT_NEAR(b.miny, 463000, 3000);
  std::filesystem::remove(path);
}

TEST(Observations, UnknownCrsAsksForTheSourceCrs) {
  // Belgian Lambert 72: neither degrees nor RD New, so nothing can be placed.
  const auto path = std::filesystem::temp_directory_path() / "biodash_obs_lambert72.csv";
  {
    std::ofstream f(path);
    f << "scientificName,x,y\nOndatra zibethicus,104500,194000\nCastor fiber,152000,212000\n";
  }
  auto d = make_dashboard({path.string()});
  wait_idle(*d);
  ASSERT_TRUE(d->mapping_request.has_value());
  EXPECT_TRUE(d->scene.layers.empty());
  d->open_observations(path.string(), d->mapping_request->mapping, "EPSG:31370");
  d->mapping_request.reset();
  wait_idle(*d);
  ASSERT_EQ(d->scene.layers.size(), 1u);
  EXPECT_EQ(d->scene.layers[0].layer->size(), 2u);
  std::filesystem::remove(path);
}

TEST(ObservationsMapping, NoneUnsetsAnAutomaticallyMappedTerm) {
  const auto path = std::filesystem::temp_directory_path() / "biodash_obs_unset_observer.csv";
  {
    std::ofstream f(path);
    f << "decimalLatitude,decimalLongitude,eventDate,scientificName,recordedBy\n"
         "52.1,4.3,2019-05-01,Calluna vulgaris,A. Jansen\n"
         "52.2,4.4,2019-05-02,Erica tetralix,B. de Vries\n";
  }
  const ObservationPreview p = preview_observation_file(path.string());
  ASSERT_TRUE(p.error.empty()) << p.error;
  const auto& terms = mapping_dialog_terms();
  size_t who = terms.size();
  for (size_t i = 0; i < terms.size(); ++i)
    if (terms[i] == Term::RecordedBy) who = i;
  ASSERT_LT(who, terms.size());
  std::vector<int> choice = initial_choices(p, {});
  EXPECT_EQ(choice[who], 4);  // found by name
  choice[who] = -1;           // the user picks "(none)"
  const ColumnMapping m = mapping_from_choices(p.header, choice);
  ASSERT_EQ(m.count("recordedBy"), 1u);
  EXPECT_EQ(m.at("recordedBy"), "");
  EXPECT_EQ(m.at("decimalLatitude"), "decimalLatitude");
  OccurrenceOptions o;
  o.mapping = m;
  IngestReport r;
  const ObservationStore st = read_occurrences(path.string(), o, r);
  EXPECT_EQ(r.kept, 2u);
  EXPECT_EQ(r.observers, 0u);  // two observers in the file, none read
  // Remap of that load: recordedBy starts at "(none)" again, the others as read.
  const std::vector<int> again = initial_choices(p, mapping_of_load(r.columns));
  EXPECT_EQ(again[who], -1);
  EXPECT_EQ(again, choice);
  std::filesystem::remove(path);
}

// The mapping dialog's preview and the load split a file with one record scanner: quoted
// delimiters, doubled quotes, a quoted line break, CRLF, Windows-1252 text, and the same file
// with classic Mac line ends. Each preview row's name and coordinates are those the load keeps.
TEST(ObservationsMapping, PreviewShowsWhatTheLoadReads) {
  const std::string body =
      "soort;opmerking;lat;lon\r\n"
      "\"Turdus merula\";\"zong; op \"\"de\"\" schoorsteen\";52,1601;4,4970\r\n"
      "\"Parus major\";\"twee regels:\neen nest\";52,1650;4,4850\r\n"
      "Caf\xE9 vogel;gewoon;52,1700;4,4900\r\n";
  std::string mac = body;
  mac.erase(std::remove(mac.begin(), mac.end(), '\n'), mac.end());  // "\r" only
  for (const std::string& text : {body, mac}) {
    const auto path = std::filesystem::temp_directory_path() / "biodash_obs_preview_is_load.csv";
    {
      std::ofstream f(path, std::ios::binary);
      f << text;
    }
    const ObservationPreview p = preview_observation_file(path.string());
    ASSERT_TRUE(p.error.empty()) << p.error;
    EXPECT_EQ(p.delimiter, ';');
    ASSERT_EQ(p.header, (std::vector<std::string>{"soort", "opmerking", "lat", "lon"}));
    ASSERT_EQ(p.rows.size(), 3u);
    EXPECT_EQ(p.rows[0][1], "zong; op \"de\" schoorsteen");
    EXPECT_EQ(p.rows[2][0], "Caf\xC3\xA9 vogel");  // Windows-1252 é as UTF-8
    if (&text == &body) {
      EXPECT_EQ(p.rows[1][1], "twee regels:\neen nest");
    }
    std::vector<int> choice = initial_choices(p, {});
    const auto& terms = mapping_dialog_terms();
    for (size_t i = 0; i < terms.size(); ++i) {
      if (terms[i] == Term::ScientificName) choice[i] = 0;
      if (terms[i] == Term::Latitude) choice[i] = 2;
      if (terms[i] == Term::Longitude) choice[i] = 3;
    }
    OccurrenceOptions o;
    o.mapping = mapping_from_choices(p.header, choice);
    IngestReport r;
    const ObservationStore st = read_occurrences(path.string(), o, r);
    ASSERT_EQ(st.size(), p.rows.size());
    std::vector<size_t> in_file_order(st.size());  // source_row is the record's first line
    for (size_t i = 0; i < st.size(); ++i) in_file_order[i] = i;
    std::sort(in_file_order.begin(), in_file_order.end(),
              [&](size_t a, size_t b) { return st.source_row[a] < st.source_row[b]; });
    for (size_t row = 0; row < p.rows.size(); ++row) {
      const size_t i = in_file_order[row];
      EXPECT_EQ(st.taxa[st.taxon[i]].scientific_name, p.rows[row][0]) << "row " << row;
      double lat = 0, lon = 0;
      ASSERT_TRUE(parse_number(p.rows[row][2], lat) && parse_number(p.rows[row][3], lon));
      EXPECT_NEAR(st.x[i], 93000, 3000) << "row " << row;  // RD New, Leiden
    }
    std::filesystem::remove(path);
  }
}

}  // namespace
}  // namespace biodash::ui
