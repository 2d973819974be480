#pragma once
// The one GDAL dataset owner: GDAL's drivers are registered here, once per process, and every
// dataset biodash reads is opened here. GDAL is used nowhere but in src/io (the build enforces
// it: only the io target links GDAL).
//
// Opening is serialised (one open at a time, process-wide): a driver's first open initialises
// shared state that is not thread-safe — SpatiaLite, which the GeoPackage and SQLite drivers
// load, calls setlocale() while it starts, and the window opens several files on worker
// threads at once (ThreadSanitizer reported it; a concurrent setlocale() can corrupt the C
// locale that number parsing relies on, or crash). Reading an opened dataset is not serialised.
#include <memory>
#include <string>

namespace biodash {

// Registers GDAL's drivers once (thread-safe; every function here calls it).
void gdal_init();

struct GdalCloser {
  void operator()(void* ds) const;  // GDALClose
};
// An open GDALDatasetH; closed when it goes.
using GdalDataset = std::unique_ptr<void, GdalCloser>;

// Opens `path` read-only as vector data (GDALOpenEx with GDAL_OF_VECTOR | GDAL_OF_READONLY),
// serialised as above. Null when GDAL cannot open it (CPLGetLastErrorMsg() says why).
GdalDataset open_vector_dataset(const std::string& path);

// Closes a dataset that was written (GDALClose flushes it: a GeoPackage commits, a PDF is
// written); throws Error "WHAT: GDAL's message" when that fails.
void close_written(GdalDataset ds, const std::string& what);

// The GeoPackage identifier of layer `lname` of `path` ("" when none or the same as lname).
std::string gpkg_layer_identifier(const std::string& path, const std::string& lname);

}  // namespace biodash
