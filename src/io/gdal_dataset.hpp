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
//
// Nothing lost, nothing leaked (issue 12), on the input side:
// - No network unless the user turns it on (set_network_allowed; off by default, always off in
//   the kiosk). While off, a path or connection string that reaches out (/vsicurl/ and the
//   other network file systems, http(s)://, PG:, WFS:, OAPIF:, WMS:, ...) and a VRT or service
//   description naming one are refused before GDAL opens anything; under that, GDAL's network
//   file systems are replaced by refusing ones, its HTTP fetches (remote schemas, CRS links)
//   are refused, and its network drivers are deregistered.
// - Reading leaves no trace beside the input: no .aux.xml (GDAL_PAM_ENABLED=NO), no gzip
//   .properties, no .gfs beside a GML file, no lock, -journal, -wal or -shm files of a
//   GeoPackage (opened with NOLOCK, or IMMUTABLE when it is in WAL mode), GDAL's temporary
//   files in $TMPDIR, GDAL's WMS/TMS tile cache (a description's <Cache/>) in wms_cache_dir()
//   instead of ./gdalwmscache.
// - Only regular files are opened (core/input_file): a FIFO, device or /proc file, and a
//   shapefile's sidecar that is one, is refused instead of blocking.
#include <memory>
#include <string>
#include <string_view>

namespace biodash {

// Registers GDAL's drivers once (thread-safe; every function here calls it), sets the
// no-trace options and applies the network policy.
void gdal_init();

// The folder GDAL's WMS driver caches tiles in for a description whose <Cache> names no
// <Path>: GDAL_DEFAULT_WMS_CACHE_PATH when the environment sets it, else (set by gdal_init)
// $XDG_CACHE_HOME/biodash/gdalwmscache, else $HOME/.cache/biodash/gdalwmscache, else
// biodash-UID/gdalwmscache in the temporary folder. GDAL creates it when it first caches a tile.
std::string wms_cache_dir();

// ---- network policy ----------------------------------------------------------------------

// Turns GDAL's network access on or off, process-wide (default off). On: GDAL's HTTP timeouts
// (GDAL_HTTP_TIMEOUT 30 s, GDAL_HTTP_CONNECTTIMEOUT 10 s, unless set in the environment).
// Best called while no file is being read (a settings change, startup).
void set_network_allowed(bool allowed);
bool network_allowed();

// What in `path` (a file name, URL or GDAL connection string) would reach the network: the
// prefix found ("/vsicurl/", "https://", "PG:", "WFS:", ...), or "" when nothing does.
std::string network_reference(std::string_view path);

// While network access is off, throws Error "LABEL: network access is off: REF not fetched
// (...)" when `path` is a network reference, or a small local XML description (a VRT, or a
// WFS, WMS, WMTS or WCS service description) that names one. Does nothing when it is on.
void refuse_network_source(const std::string& path, const std::string& label);

// GDAL's last error message on this thread, or `fallback` when it gave none.
std::string gdal_last_error(const char* fallback = "GDAL gave no reason");

struct GdalCloser {
  void operator()(void* ds) const;  // GDALClose
};
// An open GDALDatasetH; closed when it goes.
using GdalDataset = std::unique_ptr<void, GdalCloser>;

// Opens `path` read-only as vector data (GDALOpenEx with GDAL_OF_VECTOR | GDAL_OF_READONLY),
// serialised as above, leaving no trace beside it. Null when GDAL cannot open it
// (gdal_last_error() says why). Throws Error, before GDAL sees it, when a local `path` is not
// a regular file or a folder, or a sibling of it with the same stem (a shapefile's .dbf) is a
// FIFO or device, or it would reach the network while that is off (refuse_network_source).
GdalDataset open_vector_dataset(const std::string& path);

// Opens `path` read-only as raster data (GDALOpenEx with GDAL_OF_RASTER | GDAL_OF_READONLY),
// by the same rules: serialised, no trace beside it, Error before GDAL sees it when a local
// `path` is not a regular file or a same-stem sibling (.ovr, .aux.xml, .tfw) is a FIFO or
// device, or it would reach the network while that is off. `path` may also be a GDAL_WMS,
// GDAL_WMTS or VRT description given as XML text ("<GDAL_WMS>..."), which is not a file. Null
// when GDAL cannot open it (gdal_last_error() says why).
GdalDataset open_raster_dataset(const std::string& path);

// Closes a dataset that was written (GDALClose flushes it: a GeoPackage commits, a PDF is
// written); throws Error "WHAT: GDAL's message" when that fails.
void close_written(GdalDataset ds, const std::string& what);

// The GeoPackage identifier of layer `lname` of `path` ("" when none or the same as lname).
std::string gpkg_layer_identifier(const std::string& path, const std::string& lname);

}  // namespace biodash
