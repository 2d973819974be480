// Outputs never replace inputs (core/output_guard): the file behind an input spec, and the
// same file reached through links, GDAL virtual paths and FILE:LAYER.
#include "core/output_guard.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/error.hpp"

namespace fs = std::filesystem;

namespace biodash {
namespace {

struct Folder {
  Folder() : d(fs::temp_directory_path() / ("biodash_guard_" + std::to_string(::getpid()))) {
    fs::remove_all(d);
    fs::create_directories(d);
  }
  ~Folder() { fs::remove_all(d); }
  std::string file(const std::string& name, const std::string& text = "x") const {
    std::ofstream(d / name) << text;
    return (d / name).string();
  }
  fs::path d;
};

TEST(OutputGuard, FileOfInputSeesThroughLayersAndVirtualPaths) {
  Folder f;
  const std::string gpkg = f.file("sites.gpkg");
  const std::string zip = f.file("dwca.zip");
  EXPECT_EQ(file_of_input(gpkg), gpkg);
  EXPECT_EQ(file_of_input(gpkg + ":biodiversity_sites"), gpkg);
  EXPECT_EQ(file_of_input(gpkg + ":a:b"), gpkg);  // a layer name holding ':'
  EXPECT_EQ(file_of_input("/vsizip/" + zip + "/occurrence.txt"), zip);
  EXPECT_EQ(file_of_input("/vsigzip//vsizip/" + zip + "/x.gz"), zip);
  EXPECT_EQ(file_of_input((f.d / "missing.csv").string()), "");
  EXPECT_EQ(file_of_input(f.d.string()), f.d.string());  // a DwC-A folder
}

TEST(OutputGuard, SameFileThroughLinksIsRefusedANewOrOtherFileIsNot) {
  Folder f;
  const std::string obs = f.file("small.csv", "decimalLatitude,decimalLongitude\n52,4\n");
  const std::string sites = f.file("sites.gpkg");
  const std::string other = f.file("other.csv");
  fs::create_symlink(obs, f.d / "soft.csv");
  fs::create_hard_link(sites, f.d / "hard.gpkg");
  const std::vector<std::string> inputs = {sites + ":biodiversity_sites", obs};
  EXPECT_EQ(input_replaced_by(obs, inputs), obs);
  EXPECT_EQ(input_replaced_by((f.d / "soft.csv").string(), inputs), obs);
  EXPECT_EQ(input_replaced_by((f.d / "hard.gpkg").string(), inputs), sites + ":biodiversity_sites");
  EXPECT_EQ(input_replaced_by((f.d / "." / "small.csv").string(), inputs), obs);
  EXPECT_EQ(input_replaced_by(other, inputs), "");
  EXPECT_EQ(input_replaced_by((f.d / "result.csv").string(), inputs), "");  // new file
  try {
    refuse_output_onto_input(obs, inputs);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()),
              obs + " is an input of this run (" + obs + "); choose another output file");
  }
  EXPECT_NO_THROW(refuse_output_onto_input(other, inputs));
}

}  // namespace
}  // namespace biodash
