// The network policy of io (gdal_dataset.hpp): off by default; network paths, VRTs and
// service descriptions naming a server are refused with a message naming what was not
// fetched; GDAL's own network file systems refuse while off, also after a round trip on.
#include <cpl_error.h>
#include <cpl_vsi.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>

#include "core/error.hpp"
#include "io/gdal_dataset.hpp"
#include "io/occurrence_reader.hpp"
#include "io/vector_reader.hpp"

namespace fs = std::filesystem;
using namespace biodash;

namespace {

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(NetworkPolicy, OffByDefault) {
  gdal_init();
  EXPECT_FALSE(network_allowed());
}

TEST(NetworkPolicy, RecognisesNetworkReferences) {
  for (const char* p :
       {"/vsicurl/https://example.org/x.csv", "/vsizip//vsicurl/http://h/x.zip/a.shp",
        "/vsis3/bucket/x.gpkg", "/vsigs/b/x", "/vsiaz/c/x", "/vsiadls/c/x", "/vsioss/b/x",
        "/vsiswift/c/x", "/vsihdfs/x", "/vsiwebhdfs/http://h/x", "https://example.org/a.json",
        "PG:host=10.255.255.1 dbname=gis", "WFS:https://example.org/wfs", "OAPIF:https://h",
        "ESRIJSON:https://h/FeatureServer/0/query?f=json", "WMS:http://h", "wmts:http://h"})
    EXPECT_FALSE(network_reference(p).empty()) << p;
  for (const char* p : {"/data/areas.gpkg", "areas.geojson", "/vsizip/a.zip/b.shp", "C:/x.shp",
                        "/home/pg/x.csv", "/vsitar/a.tgz/meta.xml"})
    EXPECT_TRUE(network_reference(p).empty()) << p;
}

TEST(NetworkPolicy, RefusedBeforeGdalOpensAnything) {
  const fs::path d = fs::temp_directory_path() / ("biodash_net_" + std::to_string(::getpid()));
  fs::create_directories(d);
  const std::string vrt = (d / "a.vrt").string();
  std::ofstream(vrt) << "<?xml version=\"1.0\"?>\n<!-- remote -->\n<OGRVRTDataSource>"
                        "<OGRVRTLayer name=\"a\"><SrcDataSource relativeToVRT=\"0\">"
                        "/vsicurl/https://example.org/x.csv</SrcDataSource></OGRVRTLayer>"
                        "</OGRVRTDataSource>";
  std::string m = error_of([&] { read_vector_file(vrt); });
  EXPECT_NE(
      m.find(vrt + ": a VRT (virtual vector file) that reads "
                   "'/vsicurl/https://example.org/x.csv': not fetched: network access is off"),
      std::string::npos)
      << m;
  m = error_of([] { open_vector_dataset("/vsicurl/https://example.org/x.geojson"); });
  EXPECT_NE(m.find("not fetched: network access is off"), std::string::npos) << m;
  m = error_of([] {
    IngestReport rep;
    read_occurrences("https://example.org/occurrence.csv", {}, rep);
  });
  EXPECT_NE(m.find("'https://example.org/occurrence.csv' not fetched"), std::string::npos) << m;
  // A local VRT over a local file is not refused.
  const std::string local = (d / "b.vrt").string();
  std::ofstream(local) << "<OGRVRTDataSource><OGRVRTLayer name=\"b\"><SrcDataSource>"
                       << (d / "b.csv").string() << "</SrcDataSource></OGRVRTLayer>"
                       << "</OGRVRTDataSource>";
  EXPECT_NO_THROW(refuse_network_source(local, local));
  // On: nothing refused here (nothing is opened); off again: refused again, and GDAL's own
  // /vsicurl/ handler refuses without a lookup.
  set_network_allowed(true);
  EXPECT_TRUE(network_allowed());
  EXPECT_NO_THROW(refuse_network_source(vrt, vrt));
  set_network_allowed(false);
  EXPECT_THROW(refuse_network_source(vrt, vrt), Error);
  VSIStatBufL sb;
  EXPECT_NE(VSIStatL("/vsicurl/http://nonexistent.invalid/x", &sb), 0);
  VSILFILE* f = VSIFOpenL("/vsicurl/http://nonexistent.invalid/x", "rb");
  EXPECT_EQ(f, nullptr);
  if (f) VSIFCloseL(f);
  EXPECT_NE(std::string(CPLGetLastErrorMsg()).find("not fetched: network access is off"),
            std::string::npos)
      << CPLGetLastErrorMsg();
  fs::remove_all(d);
}
