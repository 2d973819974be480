// Data files never open network connections while network access is off (the default):
// runs the real biodash (inspect, aggregate --polygons) on hostile files built here, inside a
// network namespace of its own (unshare -n: nothing can leave) and under strace, and checks
// the clear message and that no AF_INET/AF_INET6 socket, connect or DNS query was attempted.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "../support/run_command.hpp"

namespace fs = std::filesystem;

namespace {

using Result = biodash::test::CommandResult;

// Runs a shell command; returns its exit status and what it wrote (stdout and stderr).
Result run_shell(const std::string& cmd) {
  return biodash::test::run_command(cmd + " 2>&1");
}

std::string slurp(const fs::path& p) {
  std::ifstream f(p);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

struct Hostile {
  std::string name;     // file name
  std::string text;     // its content
  std::string message;  // expected in the output of both commands ("" = no fetch is tried)
};

const char* kVrtHead = "<OGRVRTDataSource><OGRVRTLayer name=\"areas\"><SrcDataSource>";
const char* kVrtTail = "</SrcDataSource></OGRVRTLayer></OGRVRTDataSource>\n";

std::vector<Hostile> hostile_files() {
  const std::string polygon =
      "<gml:Polygon srsName=\"EPSG:4326\"><gml:outerBoundaryIs><gml:LinearRing><gml:coordinates>"
      "4.4,52.1 4.6,52.1 4.6,52.2 4.4,52.2 4.4,52.1</gml:coordinates></gml:LinearRing>"
      "</gml:outerBoundaryIs></gml:Polygon>";
  return {
      {"vsicurl.vrt", std::string(kVrtHead) + "/vsicurl/https://example.org/x.csv" + kVrtTail,
       "a VRT (virtual vector file) that reads '/vsicurl/https://example.org/x.csv': not "
       "fetched: network access is off"},
      {"postgis.vrt", std::string(kVrtHead) + "PG:host=10.255.255.1 dbname=gis" + kVrtTail,
       "'PG:host=10.255.255.1 dbname=gis': not fetched: network access is off"},
      {"host.vrt", std::string(kVrtHead) + "/vsicurl/http://nonexistent.invalid/x" + kVrtTail,
       "'/vsicurl/http://nonexistent.invalid/x': not fetched: network access is off"},
      {"service.xml",
       "<OGRWFSDataSource><URL>https://example.org/wfs?SERVICE=WFS</URL></OGRWFSDataSource>\n",
       "a WFS service description of 'https://example.org/wfs?SERVICE=WFS': not fetched"},
      {"remote_schema.gml",
       "<?xml version=\"1.0\" encoding=\"utf-8\" ?>\n<ogr:FeatureCollection "
       "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\""
       "http://example.org/ns http://example.org/x.xsd\" xmlns:ogr=\"http://example.org/ns\" "
       "xmlns:gml=\"http://www.opengis.net/gml\"><gml:featureMember><ogr:areas fid=\"a.0\">"
       "<ogr:geometryProperty>" +
           polygon +
           "</ogr:geometryProperty><ogr:name>a</ogr:name></ogr:areas></gml:featureMember>"
           "</ogr:FeatureCollection>\n",
       ""},
      {"crs_link.geojson",
       "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"link\",\"properties\":{\"href\":"
       "\"http://example.org/crs/4326.wkt\",\"type\":\"ogcwkt\"}},\"features\":[{\"type\":"
       "\"Feature\",\"properties\":{\"name\":\"a\"},\"geometry\":{\"type\":\"Polygon\","
       "\"coordinates\":[[[4.4,52.1],[4.6,52.1],[4.6,52.2],[4.4,52.2],[4.4,52.1]]]}}]}\n",
       "http://example.org/crs/4326.wkt not fetched: network access is off"},
  };
}

}  // namespace

TEST(CliNetwork, HostileFilesOpenNoConnection) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root (unshare -n)";
  if (run_shell("command -v strace && command -v unshare").code != 0)
    GTEST_SKIP() << "strace or unshare missing (tools/install-deps.sh installs strace)";
  if (run_shell("unshare -n true").code != 0) GTEST_SKIP() << "unshare -n not permitted here";
  const fs::path d = fs::path(BIODASH_TMP) / "network_denial";
  fs::remove_all(d);
  fs::create_directories(d);
  std::ofstream(d / "obs.csv") << "decimalLongitude,decimalLatitude,eventDate,scientificName\n"
                                  "4.5,52.15,2020-01-01,Ondatra zibethicus\n";
  for (const Hostile& h : hostile_files()) {
    const fs::path file = d / h.name;
    std::ofstream(file) << h.text;
    const std::vector<std::pair<std::string, std::string>> commands = {
        {"inspect", "inspect " + file.string()},
        {"aggregate", "aggregate --polygons " + file.string() + " --observations " +
                          (d / "obs.csv").string() + " --out " + (d / "out.csv").string()},
    };
    for (const auto& [what, args] : commands) {
      const fs::path trace = d / (h.name + "." + what + ".strace");
      const Result r = run_shell("unshare -n strace -f -e trace=connect,sendto,socket -o " +
                                 trace.string() + " " + BIODASH_EXE + " " + args);
      const std::string t = slurp(trace);
      SCOPED_TRACE(h.name + " (" + what + ")\n" + r.output);
      EXPECT_NE(t.find("+++ exited with"), std::string::npos) << "strace did not trace:\n" << t;
      EXPECT_EQ(t.find("AF_INET"), std::string::npos) << "an inet socket or connect:\n" << t;
      EXPECT_EQ(t.find("htons(53)"), std::string::npos) << "a DNS query:\n" << t;
      EXPECT_EQ(t.find("nscd"), std::string::npos) << "a name service lookup:\n" << t;
      // (GDAL 3.6 reads the GML without trying its schema: nothing to refuse, no message.)
      const bool expect_message = !h.message.empty();
      if (expect_message) {
        EXPECT_NE(r.output.find(h.message), std::string::npos);
      }
    }
  }
  fs::remove_all(d);
}
