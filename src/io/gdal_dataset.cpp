#include "io/gdal_dataset.hpp"

#include <cpl_error.h>
#include <gdal.h>

#include <mutex>

#include "core/error.hpp"

namespace biodash {

namespace {
std::mutex& open_mutex() {
  static std::mutex m;
  return m;
}
}  // namespace

void gdal_init() {
  static std::once_flag once;
  std::call_once(once, [] { GDALAllRegister(); });
}

void GdalCloser::operator()(void* ds) const {
  if (ds) GDALClose(ds);
}

GdalDataset open_vector_dataset(const std::string& path) {
  gdal_init();
  const std::lock_guard<std::mutex> lock(open_mutex());
  return GdalDataset(
      GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
}

void close_written(GdalDataset ds, const std::string& what) {
  if (!ds) return;
  CPLErrorReset();
  GDALClose(ds.release());  // void in GDAL 3.6: its failures are reported as CPL errors
  if (CPLGetLastErrorType() >= CE_Failure) throw Error(what + ": " + CPLGetLastErrorMsg());
}

std::string gpkg_layer_identifier(const std::string& path, const std::string& lname) {
  if (lname.empty()) return "";
  const GdalDataset ds = open_vector_dataset(path);
  if (!ds) return "";
  std::string ident;
  if (OGRLayerH ol = GDALDatasetGetLayerByName(ds.get(), lname.c_str())) {
    const char* s = GDALGetMetadataItem(ol, "IDENTIFIER", nullptr);
    if (s && *s && lname != s) ident = s;
  }
  return ident;
}

}  // namespace biodash
