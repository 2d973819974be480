// Reading an input never blocks, never reads outside what it was given, never grows memory
// without bound and never leaves anything beside it (issue 12, input side): FIFOs and devices
// refused, Darwin Core Archives confined to their folder or archive, decompression bombs and
// line-less files refused early, and a read of every fixture leaves its folder unchanged.
#include <cpl_vsi.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <map>
#include <vector>

#include "../support/blocking_call.hpp"
#include "../support/same_observations.hpp"
#include "core/error.hpp"
#include "io/gdal_dataset.hpp"
#include "io/occurrence_reader.hpp"
#include "io/vector_reader.hpp"

namespace fs = std::filesystem;
using namespace biodash;

namespace {

fs::path temp_dir(const std::string& name) {
  fs::path d = fs::temp_directory_path() /
               ("biodash_input_safety_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

void write(const fs::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
}

std::string error_of(const std::function<void()>& f, const std::string& unblock = "") {
  return error_within(10, f, unblock);  // tests/support/blocking_call.hpp
}

std::string read_occ(const std::string& path) {
  return error_of([&] {
    IngestReport rep;
    read_occurrences(path, {}, rep);
  });
}

std::string read_vec(const std::string& path) {
  return error_of([&] { read_vector_file(path); });
}

double peak_rss_mb() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return double(ru.ru_maxrss) / 1024.0;  // ru_maxrss: KiB on Linux
}

const char* kOccurrenceCsv =
    "id,decimalLongitude,decimalLatitude,eventDate,scientificName\n"
    "1,4.49,52.16,2020-05-01,Ondatra zibethicus\n"
    "2,4.50,52.17,2020-05-02,Myocastor coypus\n";

// A folder Darwin Core Archive whose core <location> is `location`.
void write_dwca_dir(const fs::path& dir, const std::string& location) {
  fs::create_directories(dir);
  write(dir / "meta.xml",
        "<archive xmlns=\"http://rs.tdwg.org/dwc/text/\"><core rowType=\"http://rs.tdwg.org/"
        "dwc/terms/Occurrence\" fieldsTerminatedBy=\",\" ignoreHeaderLines=\"1\"><files>"
        "<location>" +
            location +
            "</location></files><id index=\"0\"/>"
            "<field index=\"1\" term=\"http://rs.tdwg.org/dwc/terms/decimalLongitude\"/>"
            "<field index=\"2\" term=\"http://rs.tdwg.org/dwc/terms/decimalLatitude\"/>"
            "<field index=\"3\" term=\"http://rs.tdwg.org/dwc/terms/eventDate\"/>"
            "<field index=\"4\" term=\"http://rs.tdwg.org/dwc/terms/scientificName\"/>"
            "</core></archive>");
}

}  // namespace

// ---- FIFOs and devices -------------------------------------------------------------------

TEST(InputSafety, FifoAsObservationsOrPolygonsIsRefusedWithoutBlocking) {
  const fs::path d = temp_dir("fifo");
  for (const char* name : {"obs.csv", "obs.txt", "areas.geojson", "areas.gpkg", "areas.zip"}) {
    const std::string fifo = (d / name).string();
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    std::string m = error_of(
        [&] {
          IngestReport rep;
          read_occurrences(fifo, {}, rep);
        },
        fifo);
    EXPECT_NE(m.find(fifo + ": is a FIFO"), std::string::npos) << m;
    m = error_of([&] { read_vector_file(fifo); }, fifo);
    EXPECT_NE(m.find(fifo + ": is a FIFO"), std::string::npos) << m;
  }
  fs::remove_all(d);
}

TEST(InputSafety, ShapefileWithAFifoSidecarIsRefused) {
  const fs::path d = temp_dir("shp_fifo");
  const fs::path src = fs::path(BIODASH_TEST_DATA) / "gis-testdata";
  fs::path shp;
  for (const auto& e : fs::recursive_directory_iterator(src))
    if (e.path().extension() == ".shp" &&
        fs::exists(fs::path(e.path()).replace_extension(".dbf"))) {
      shp = e.path();
      break;
    }
  ASSERT_FALSE(shp.empty()) << "no shapefile fixture";
  fs::copy_file(shp, d / "a.shp");
  fs::copy_file(fs::path(shp).replace_extension(".shx"), d / "a.shx");
  const std::string dbf = (d / "a.dbf").string();
  ASSERT_EQ(::mkfifo(dbf.c_str(), 0600), 0);
  const std::string m = error_of([&] { read_vector_file((d / "a.shp").string()); }, dbf);
  EXPECT_NE(m.find(dbf + ": is a FIFO"), std::string::npos) << m;
  fs::remove_all(d);
}

TEST(InputSafety, DevicesAreRefused) {
  std::string m = read_occ("/dev/zero");
  EXPECT_NE(m.find("/dev/zero: is a device"), std::string::npos) << m;
  m = read_vec("/dev/zero");
  EXPECT_NE(m.find("/dev/zero: is a device"), std::string::npos) << m;
  m = read_occ("/proc/self/status");
  EXPECT_NE(m.find("/proc"), std::string::npos) << m;
}

// ---- Darwin Core Archives stay inside themselves -----------------------------------------

TEST(InputSafety, DwcaFolderCannotNameFilesOutsideIt) {
  const fs::path d = temp_dir("dwca");
  const std::string passwd = "/etc/passwd";
  struct Case {
    std::string location;  // <location> value
    std::string reason;    // expected in the message
  };
  const std::vector<Case> cases = {
      {"../../../../etc/shadow", "climbs out of the archive with '..'"},
      {"../../dev/zero", "climbs out of the archive with '..'"},
      {"data/../../x.csv", "climbs out of the archive with '..'"},
      {"/etc/passwd", "is an absolute path"},
      {"http://example.org/occurrence.txt", "is a URL"},
  };
  int k = 0;
  for (const Case& c : cases) {
    const fs::path dir = d / ("a" + std::to_string(k++));
    write_dwca_dir(dir, c.location);
    const std::string m = read_occ(dir.string());
    EXPECT_NE(m.find("location '" + c.location + "' " + c.reason), std::string::npos) << m;
    EXPECT_NE(m.find(dir.string()), std::string::npos) << m;  // names the archive
  }
  // A link out of the folder, to a file and to a device; a FIFO inside.
  const fs::path l1 = d / "link_file";
  write_dwca_dir(l1, "occurrence.txt");
  fs::create_symlink(passwd, l1 / "occurrence.txt");
  std::string m = read_occ(l1.string());
  EXPECT_NE(m.find("location 'occurrence.txt' is a link to /etc/passwd, outside the folder"),
            std::string::npos)
      << m;
  const fs::path l2 = d / "link_dev";
  write_dwca_dir(l2, "occurrence.txt");
  fs::create_symlink("/dev/zero", l2 / "occurrence.txt");
  m = read_occ(l2.string());
  EXPECT_NE(m.find("is a link to /dev/zero, outside the folder"), std::string::npos) << m;
  const fs::path l3 = d / "fifo";
  write_dwca_dir(l3, "occurrence.txt");
  ASSERT_EQ(::mkfifo((l3 / "occurrence.txt").c_str(), 0600), 0);
  m = error_of(
      [&] {
        IngestReport rep;
        read_occurrences(l3.string(), {}, rep);
      },
      (l3 / "occurrence.txt").string());
  EXPECT_NE(m.find("location 'occurrence.txt' is a FIFO"), std::string::npos) << m;
  // meta.xml itself a link out of the folder.
  const fs::path l4 = d / "meta_link";
  fs::create_directories(l4);
  fs::create_symlink(passwd, l4 / "meta.xml");
  m = read_occ(l4.string());
  EXPECT_NE(m.find("location 'meta.xml' is a link to /etc/passwd"), std::string::npos) << m;
  // A link that stays inside the folder is fine, and so is a sub-folder.
  const fs::path ok = d / "ok";
  write_dwca_dir(ok, "data/occurrence.txt");
  fs::create_directories(ok / "data");
  write(ok / "data" / "real.txt", kOccurrenceCsv);
  fs::create_symlink("real.txt", ok / "data" / "occurrence.txt");
  IngestReport rep;
  EXPECT_EQ(read_occurrences(ok.string(), {}, rep).size(), 2u) << rep.summary();
  fs::remove_all(d);
}

TEST(InputSafety, DwcaZipCannotNameFilesOutsideIt) {
  const fs::path d = temp_dir("dwca_zip");
  const std::string zip = (d / "a.zip").string();
  const std::string meta =
      "<archive><core rowType=\"http://rs.tdwg.org/dwc/terms/Occurrence\" "
      "fieldsTerminatedBy=\",\" ignoreHeaderLines=\"1\"><files><location>../../../../etc/"
      "passwd</location></files><field index=\"1\" term=\"decimalLongitude\"/>"
      "<field index=\"2\" term=\"decimalLatitude\"/></core></archive>";
  VSILFILE* f = VSIFOpenL(("/vsizip/" + zip + "/meta.xml").c_str(), "wb");
  ASSERT_NE(f, nullptr);
  VSIFWriteL(meta.data(), 1, meta.size(), f);
  VSIFCloseL(f);
  const std::string m = read_occ(zip);
  EXPECT_NE(m.find("location '../../../../etc/passwd' climbs out of the archive"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("inside its own archive (" + zip + ")"), std::string::npos) << m;
  fs::remove_all(d);
}

// ---- size guards -------------------------------------------------------------------------

TEST(InputSafety, ZipBombIsRefusedBeforeItIsUnpacked) {
  const fs::path d = temp_dir("bomb");
  const std::string zip = (d / "bomb.zip").string();
  const auto t0 = std::chrono::steady_clock::now();
  {  // 1.5 GiB: a header line, then zeros; deflates to a few MB.
    VSILFILE* f = VSIFOpenL(("/vsizip/" + zip + "/occurrence.txt").c_str(), "wb");
    ASSERT_NE(f, nullptr);
    const std::string head = "decimalLongitude,decimalLatitude\n";
    VSIFWriteL(head.data(), 1, head.size(), f);
    std::vector<char> zeros(size_t{8} << 20, '\0');
    for (int i = 0; i < 192; ++i)
      ASSERT_EQ(VSIFWriteL(zeros.data(), 1, zeros.size(), f), zeros.size());
    VSIFCloseL(f);
  }
  const double build_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const auto t1 = std::chrono::steady_clock::now();
  const std::string m = read_occ(zip);
  const double read_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
  std::printf(
      "zip bomb: %.1f MB archive, 1536 MiB member; built in %.1f s; refused in %.3f s; "
      "peak RSS %.0f MB\n",
      double(fs::file_size(zip)) / 1e6, build_s, read_s, peak_rss_mb());
  EXPECT_NE(m.find(zip + "/occurrence.txt: refused: unpacks to 1536.0 MiB"), std::string::npos)
      << m;
  EXPECT_NE(m.find("decompression bomb"), std::string::npos) << m;
  EXPECT_LT(read_s, 5.0);
  EXPECT_LT(peak_rss_mb(), 300.0);
  fs::remove_all(d);
}

TEST(InputSafety, SparseFileWithoutLineEndsIsRefusedEarly) {
  const fs::path d = temp_dir("sparse");
  const std::string csv = (d / "sparse.csv").string();
  {
    const int fd = ::open(csv.c_str(), O_CREAT | O_WRONLY | O_TRUNC, 0644);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::ftruncate(fd, off_t{2} << 30), 0);  // 2 GiB of zeros, no disk used
    ::close(fd);
  }
  const auto t0 = std::chrono::steady_clock::now();
  std::string m = read_occ(csv);
  const double occ_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_NE(m.find(csv + ":1: no line end in the first 1.0 MiB"), std::string::npos) << m;
  const auto t1 = std::chrono::steady_clock::now();
  m = read_vec(csv);
  const double vec_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
  EXPECT_NE(m.find(csv + ": no line end in the first 1 MiB"), std::string::npos) << m;
  std::printf(
      "2 GiB sparse CSV: occurrences refused in %.3f s, polygons in %.3f s; peak RSS "
      "%.0f MB\n",
      occ_s, vec_s, peak_rss_mb());
  EXPECT_LT(occ_s, 5.0);
  EXPECT_LT(vec_s, 5.0);
  EXPECT_LT(peak_rss_mb(), 300.0);
  fs::remove_all(d);
}

TEST(InputSafety, OverlongDataLineIsRefusedWithItsLineNumber) {
  const fs::path d = temp_dir("longline");
  const std::string csv = (d / "long.csv").string();
  {
    std::ofstream o(csv, std::ios::binary);
    o << "decimalLongitude,decimalLatitude,eventDate\n4.5,52.1,2020-01-01\n4.5,52.1,";
    o << std::string(size_t{17} << 20, '7') << "\n4.5,52.1,2020-01-02\n";
  }
  const std::string m = read_occ(csv);
  EXPECT_NE(m.find(csv + ":3: a line longer than 16.0 MiB"), std::string::npos) << m;
  // Lines just under the limits still read.
  const std::string ok = (d / "ok.csv").string();
  {
    std::ofstream o(ok, std::ios::binary);
    o << "decimalLongitude,decimalLatitude,remarks\n4.5,52.1," << std::string(size_t{15} << 20, 'x')
      << "\n4.6,52.2,short\n";
  }
  IngestReport rep;
  EXPECT_EQ(read_occurrences(ok, {}, rep).size(), 2u) << rep.summary();
  fs::remove_all(d);
}

// A zipped data file is streamed, not unpacked whole: a 140 MiB member (rows with quoted
// remarks that hold the delimiter and a line break, so records cross the 16 MiB windows) reads
// to the same observations, rejections and line numbers as the same bytes in a plain file (the
// mapped, parallel reader), and the read adds far less than the member to the peak memory.
TEST(InputSafety, ZippedMemberIsStreamedNotCopied) {
  const fs::path d = temp_dir("stream");
  const std::string zip = (d / "big.zip").string(), csv = (d / "big.csv").string();
  const int kRows = 200 * 1024;  // ~700 bytes each
  {
    VSILFILE* z = VSIFOpenL(("/vsizip/" + zip + "/occurrence.txt").c_str(), "wb");
    ASSERT_NE(z, nullptr);
    std::ofstream c(csv, std::ios::binary);
    auto put = [&](const std::string& s) {
      ASSERT_EQ(VSIFWriteL(s.data(), 1, s.size(), z), s.size());
      c << s;
    };
    put("id,decimalLongitude,decimalLatitude,eventDate,scientificName,occurrenceRemarks\n");
    std::string row;
    for (int i = 1; i <= kRows; ++i) {
      row = std::to_string(i) + ",";
      // every 1000th row has no longitude (rejected, with its line number)
      if (i % 1000 != 0) row += std::to_string(4.40 + (i % 997) * 1e-4);
      row += "," + std::to_string(52.10 + (i % 991) * 1e-4) + ",2021-0" +
             std::to_string(1 + i % 9) + "-1" + std::to_string(i % 10) + ",Species " +
             std::to_string(i % 300) + ",\"seen, " + std::string(400 + i % 500, 'a' + i % 26) +
             "\nsecond line \"\"quoted\"\"\"\n";
      put(row);
    }
    VSIFCloseL(z);
  }
  const uint64_t member = fs::file_size(csv);
  ASSERT_GT(member, uint64_t{128} << 20);
  IngestReport plain_rep, zip_rep;
  const ObservationStore plain = read_occurrences(csv, {}, plain_rep);
  // Peak resident memory from here on (Linux: writing 5 to clear_refs resets VmHWM).
  auto hwm_kib = [] {
    std::ifstream st("/proc/self/status");
    for (std::string l; std::getline(st, l);)
      if (l.rfind("VmHWM:", 0) == 0) return std::stol(l.substr(6));
    return 0L;
  };
  auto rss_kib = [] {
    std::ifstream st("/proc/self/status");
    for (std::string l; std::getline(st, l);)
      if (l.rfind("VmRSS:", 0) == 0) return std::stol(l.substr(6));
    return 0L;
  };
  const bool reset = std::ofstream("/proc/self/clear_refs") << "5" ? true : false;
  const long before = rss_kib();
  const auto t0 = std::chrono::steady_clock::now();
  const ObservationStore zipped = read_occurrences(zip, {}, zip_rep);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double added_mb = double(hwm_kib() - before) / 1024.0;
  std::printf("streamed member: %.0f MiB (zip %.1f MB) read in %.2f s; peak RSS +%.0f MB%s\n",
              double(member) / (1 << 20), double(fs::file_size(zip)) / 1e6, secs, added_mb,
              reset ? "" : " (peak not resettable here)");
  EXPECT_EQ(zip_rep.rows_read, uint64_t(kRows));
  EXPECT_EQ(zip_rep.rejected_total(), uint64_t(kRows / 1000));
  EXPECT_EQ(zip_rep.kept, plain_rep.kept);
  EXPECT_EQ(zip_rep.rejected, plain_rep.rejected);
  auto lines_of = [](const IngestReport& r) {  // the ":line" of each "file:line" example
    std::vector<std::string> out;
    for (const auto& ex : r.examples)
      for (const auto& e : ex) out.push_back(e.substr(e.rfind(':')));
    return out;
  };
  EXPECT_EQ(lines_of(zip_rep), lines_of(plain_rep));
  test::expect_same_observations(zipped, plain);
  // Row 1000 is on line 2 + 2 * 999 (each record spans two lines).
  ASSERT_FALSE(zip_rep.examples[static_cast<size_t>(Reject::NoCoordinates)].empty());
  const std::string first = zip_rep.examples[static_cast<size_t>(Reject::NoCoordinates)][0];
  EXPECT_EQ(first.substr(first.rfind(':')), ":2000") << first;
  if (reset) {
    EXPECT_LT(added_mb, double(member) / (1 << 20) / 2);  // a copy would add > member
  }
  fs::remove_all(d);
}

// Streamed members without quotes (each window split by the fast line splitter) and with
// classic Mac line ends (lone CR, turned into LF window by window) read as their plain-file
// twins do, across several 16 MiB windows.
TEST(InputSafety, StreamedMembersMatchPlainFilesForEveryDialect) {
  const fs::path d = temp_dir("stream_dialects");
  for (const char* eol : {"\n", "\r"}) {
    const std::string zip = (d / "s.zip").string(), csv = (d / "s.csv").string();
    fs::remove(zip);
    const int kRows = 400 * 1000;  // ~90 bytes each: ~36 MB
    {
      VSILFILE* z = VSIFOpenL(("/vsizip/" + zip + "/occurrence.txt").c_str(), "wb");
      ASSERT_NE(z, nullptr);
      std::ofstream c(csv, std::ios::binary);
      std::string all =
          std::string("decimalLongitude;decimalLatitude;scientificName;occurrenceRemarks") + eol;
      const std::string remark(60, 'r');
      for (int i = 1; i <= kRows; ++i) {
        if (i % 5000 == 0) all += "x";  // not a number: rejected with its line
        all += std::to_string(4.4 + (i % 991) * 1e-4) + ";" +
               std::to_string(52.1 + (i % 983) * 1e-4) + ";Taxon " + std::to_string(i % 777) + ";" +
               remark + eol;
      }
      ASSERT_EQ(VSIFWriteL(all.data(), 1, all.size(), z), all.size());
      VSIFCloseL(z);
      c << all;
      ASSERT_GT(all.size(), size_t{32} << 20);
    }
    IngestReport pr, zr;
    const ObservationStore plain = read_occurrences(csv, {}, pr);
    const ObservationStore zipped = read_occurrences(zip, {}, zr);
    const std::string what = eol[0] == '\n' ? "LF" : "CR";
    EXPECT_EQ(zr.rows_read, uint64_t(kRows)) << what;
    EXPECT_EQ(zr.rejected_total(), uint64_t(kRows / 5000)) << what;
    EXPECT_EQ(zr.rejected, pr.rejected) << what;
    {
      SCOPED_TRACE(what);
      test::expect_same_observations(zipped, plain);
    }
    const auto& ex = zr.examples[static_cast<size_t>(Reject::BadCoordinates)];
    ASSERT_FALSE(ex.empty()) << what;
    EXPECT_EQ(ex[0].substr(ex[0].rfind(':')), ":5001") << what << " " << ex[0];  // header + 5000
  }
  fs::remove_all(d);
}

// The line-length guard holds for a streamed member too, with the line number counted across
// windows: a 17 MiB line 3 in a zipped data file is refused by number, in bounded memory.
TEST(InputSafety, OverlongLineInAZippedMemberIsRefusedWithItsLineNumber) {
  const fs::path d = temp_dir("longline_zip");
  const std::string zip = (d / "long.zip").string();
  {
    VSILFILE* z = VSIFOpenL(("/vsizip/" + zip + "/occurrence.txt").c_str(), "wb");
    ASSERT_NE(z, nullptr);
    const std::string s = "decimalLongitude,decimalLatitude,eventDate\n4.5,52.1,2020-01-01\n" +
                          std::string("4.5,52.1,") + std::string(size_t{17} << 20, '7') +
                          "\n4.5,52.1,2020-01-02\n";
    ASSERT_EQ(VSIFWriteL(s.data(), 1, s.size(), z), s.size());
    VSIFCloseL(z);
  }
  const std::string m = read_occ(zip);
  EXPECT_NE(m.find(zip + "/occurrence.txt:3: a line longer than 16.0 MiB"), std::string::npos) << m;
  fs::remove_all(d);
}

// ---- nothing left beside the inputs ------------------------------------------------------

namespace {

// name -> "size mtime" of every entry under `root`.
std::map<std::string, std::string> listing(const fs::path& root) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    struct stat st {};
    ::lstat(e.path().c_str(), &st);
    out[fs::relative(e.path(), root).string()] = std::to_string(st.st_size) + " " +
                                                 std::to_string(st.st_mtim.tv_sec) + "." +
                                                 std::to_string(st.st_mtim.tv_nsec);
  }
  return out;
}

}  // namespace

TEST(InputSafety, ReadingEveryFixtureLeavesItsFolderUnchanged) {
  const fs::path d = temp_dir("no_trace");
  std::vector<fs::path> sources = {fs::path(BIODASH_TEST_DATA)};
  if (fs::exists("/work/shared/data/real")) sources.push_back("/work/shared/data/real");
  int k = 0;
  for (const auto& s : sources)
    fs::copy(s, d / ("src" + std::to_string(k++)),
             fs::copy_options::recursive | fs::copy_options::copy_symlinks);
  // Sidecars a past read left in the fixtures are not part of the test.
  std::vector<fs::path> stale;
  for (const auto& e : fs::recursive_directory_iterator(d)) {
    const std::string n = e.path().filename().string();
    if (n.size() > 11 && n.substr(n.size() - 11) == ".properties") stale.push_back(e.path());
    fs::permissions(e.path(), fs::perms::owner_write, fs::perm_options::add);
  }
  for (const auto& p : stale) fs::remove(p);
  const auto before = listing(d);
  size_t files = 0, read_ok = 0;
  for (const auto& [name, _] : before) {
    const fs::path p = d / name;
    if (fs::is_directory(p) && !fs::exists(p / "meta.xml")) continue;
    ++files;
    IngestReport rep;
    try {
      read_occurrences(p.string(), {}, rep);
      ++read_ok;
    } catch (const std::exception&) {
    }
    try {
      read_vector_file(p.string());
      ++read_ok;
    } catch (const std::exception&) {
    }
  }
  const auto after = listing(d);
  std::printf("%zu inputs read twice (%zu reads succeeded)\n", files, read_ok);
  for (const auto& [name, v] : after)
    if (!before.count(name)) ADD_FAILURE() << "left beside the input: " << name;
  for (const auto& [name, v] : before) {
    const auto it = after.find(name);
    if (it == after.end())
      ADD_FAILURE() << "removed: " << name;
    else
      EXPECT_EQ(it->second, v) << "changed (size mtime): " << name;
  }
  fs::remove_all(d);
}
