// GDAL's registration, the network policy, the no-trace options and the one read-only open of
// vector datasets (see gdal_dataset.hpp).
#include "io/gdal_dataset.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_http.h>
#include <cpl_minixml.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <cpl_vsi_virtual.h>
#include <gdal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <vector>

#include "core/error.hpp"
#include "core/input_file.hpp"

namespace biodash {

namespace {

std::mutex& open_mutex() {
  static std::mutex m;
  return m;
}

std::atomic<bool> g_network{false};  // the policy (default off)

// GDAL's virtual file systems that reach the network.
constexpr const char* kNetworkVsi[] = {"/vsicurl/",
                                       "/vsicurl_streaming/",
                                       "/vsis3/",
                                       "/vsis3_streaming/",
                                       "/vsigs/",
                                       "/vsigs_streaming/",
                                       "/vsiaz/",
                                       "/vsiaz_streaming/",
                                       "/vsiadls/",
                                       "/vsioss/",
                                       "/vsioss_streaming/",
                                       "/vsiswift/",
                                       "/vsiswift_streaming/",
                                       "/vsihdfs/",
                                       "/vsiwebhdfs/"};

// URL schemes (anywhere in a string: "ESRIJSON:https://...") and connection-string prefixes
// (at its start) of drivers that reach a server.
constexpr const char* kNetworkSchemes[] = {"http://", "https://", "ftp://", "ftps://"};
constexpr const char* kNetworkConnections[] = {
    "pg:",      "postgresql:", "wfs:",        "oapif:",      "wms:",  "wmts:",     "wcs:",
    "csw:",     "mysql:",      "mssql:",      "oci:",        "odbc:", "es:",       "elasticsearch:",
    "couchdb:", "carto:",      "cartodb:",    "amigocloud:", "ngw:",  "plscenes:", "plmosaic:",
    "mongodb:", "mongodbv3:",  "eeda:",       "eedai:",      "daas:", "stacta:",   "stacit:",
    "hana:",    "ogcapi:",     "mongodb+srv:"};

// Drivers that only talk to servers; deregistered while network access is off.
constexpr const char* kNetworkDrivers[] = {
    "WFS",      "OAPIF",         "PostgreSQL", "PostGISRaster", "WMS",        "WMTS",   "WCS",
    "CSW",      "Elasticsearch", "CouchDB",    "Carto",         "AmigoCloud", "NGW",    "PLScenes",
    "PLMOSAIC", "MongoDBv3",     "MySQL",      "MSSQLSpatial",  "OCI",        "ODBC",   "HTTP",
    "DAAS",     "EEDA",          "EEDAI",      "STACTA",        "STACIT",     "OGCAPI", "HANA"};

std::string lower(std::string_view s) {
  std::string o(s);
  for (auto& c : o) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return o;
}

constexpr const char* kTurnOn = "network access is off; turn it on in the settings to read it";

// A VSI file system that refuses everything while network access is off (installed over each
// network prefix; the original handler is put back when it is turned on).
class RefusingFilesystem : public VSIFilesystemHandler {
 public:
  VSIVirtualHandle* Open(const char* name, const char*, bool, CSLConstList) override {
    CPLError(CE_Failure, CPLE_AppDefined, "%s not fetched: %s", name ? name : "?", kTurnOn);
    errno = EACCES;
    return nullptr;
  }
  int Stat(const char* name, VSIStatBufL*, int flags) override {
    if (flags & VSI_STAT_SET_ERROR_FLAG)
      CPLError(CE_Failure, CPLE_AppDefined, "%s not fetched: %s", name ? name : "?", kTurnOn);
    errno = EACCES;
    return -1;
  }
  char** ReadDirEx(const char*, int) override { return nullptr; }
  char** SiblingFiles(const char*) override { return CSLAddString(nullptr, ""); }
};

// GDAL's HTTP requests (remote XSD schemas, CRS links, service requests) while off.
CPLHTTPResult* refuse_fetch(const char* url, CSLConstList, GDALProgressFunc, void*,
                            CPLHTTPFetchWriteFunc, void*, void*) {
  CPLError(CE_Warning, CPLE_AppDefined, "%s not fetched: %s", url ? url : "?", kTurnOn);
  auto* r = static_cast<CPLHTTPResult*>(CPLCalloc(1, sizeof(CPLHTTPResult)));
  r->nStatus = 1;
  r->pszErrBuf = CPLStrdup((std::string(url ? url : "?") + " not fetched: " + kTurnOn).c_str());
  return r;
}

struct NetworkState {
  std::vector<std::pair<std::string, VSIFilesystemHandler*>> vsi;  // prefix, original handler
  VSIFilesystemHandler* refuser = nullptr;                         // installed while off
  std::vector<GDALDriverH> drivers;                                // deregistered while off
  bool off_applied = false;                                        // refusers are installed
};

NetworkState& net_state() {
  // Never destroyed: it holds the network drivers while they are deregistered, which nothing
  // else owns; destroyed at exit, they would be unreachable (LeakSanitizer reports them).
  static NetworkState* s = new NetworkState;
  return *s;
}

void set_if_unset(const char* key, const char* value) {
  if (!CPLGetConfigOption(key, nullptr)) CPLSetConfigOption(key, value);
}

// Applies g_network to GDAL (open_mutex held, or during gdal_init).
void apply_network_policy() {
  NetworkState& s = net_state();
  const bool on = g_network.load();
  if (!s.refuser) {                        // first call: remember the original handlers and drivers
    s.refuser = new RefusingFilesystem();  // owned by GDAL's file manager once installed
    for (const char* p : kNetworkVsi) {
      VSIFilesystemHandler* h = VSIFileManager::GetHandler(p);
      // GetHandler falls back to the local file system for an unknown prefix.
      if (h && h != VSIFileManager::GetHandler("/")) s.vsi.emplace_back(p, h);
    }
    for (const char* d : kNetworkDrivers)
      if (GDALDriverH h = GDALGetDriverByName(d)) s.drivers.push_back(h);
  }
  if (on && s.off_applied) {
    for (auto& [p, h] : s.vsi) VSIFileManager::InstallHandler(p, h);
    for (GDALDriverH d : s.drivers) GDALRegisterDriver(d);
    CPLHTTPSetFetchCallback(nullptr, nullptr);
    CPLSetConfigOption("GML_DOWNLOAD_WFS_SCHEMA", nullptr);
    CPLSetConfigOption("PROJ_NETWORK", nullptr);
    s.off_applied = false;
  } else if (!on && !s.off_applied) {
    for (auto& [p, h] : s.vsi) VSIFileManager::InstallHandler(p, s.refuser);
    for (GDALDriverH d : s.drivers) GDALDeregisterDriver(d);
    CPLHTTPSetFetchCallback(&refuse_fetch, nullptr);
    CPLSetConfigOption("GML_DOWNLOAD_WFS_SCHEMA", "NO");
    CPLSetConfigOption("PROJ_NETWORK", "OFF");
    s.off_applied = true;
  }
  if (on) {
    set_if_unset("GDAL_HTTP_TIMEOUT", "30");
    set_if_unset("GDAL_HTTP_CONNECTTIMEOUT", "10");
  }
}

// $XDG_CACHE_HOME/biodash/gdalwmscache, else $HOME/.cache/biodash/gdalwmscache (only absolute
// values count, as the XDG spec says), else biodash-UID/gdalwmscache in the temporary folder.
std::string default_wms_cache_dir() {
  namespace fs = std::filesystem;
  const auto absolute = [](const char* v) { return v && v[0] == '/'; };
  if (const char* x = std::getenv("XDG_CACHE_HOME"); absolute(x))
    return (fs::path(x) / "biodash" / "gdalwmscache").string();
  if (const char* h = std::getenv("HOME"); absolute(h))
    return (fs::path(h) / ".cache" / "biodash" / "gdalwmscache").string();
  std::error_code ec;
  fs::path tmp = fs::temp_directory_path(ec);
  if (ec || tmp.empty()) tmp = "/tmp";
  return (tmp / ("biodash-" + std::to_string(::getuid())) / "gdalwmscache").string();
}

// Options that keep reads from writing beside the input, set once before any open.
void set_no_trace_options() {
  CPLSetConfigOption("GDAL_PAM_ENABLED", "NO");                // no .aux.xml
  CPLSetConfigOption("CPL_VSIL_GZIP_WRITE_PROPERTIES", "NO");  // no archive.tgz.properties
  CPLSetConfigOption("GML_SKIP_RESOLVE_ELEMS", "ALL");         // no .resolved.gml
  CPLSetConfigOption("GML_SAVE_RESOLVED_TO", nullptr);
  if (!CPLGetConfigOption("CPL_TMPDIR", nullptr)) {  // temporary files: not the current folder
    const char* t = std::getenv("TMPDIR");
    CPLSetConfigOption("CPL_TMPDIR", t && *t ? t : "/tmp");
  }
  // The WMS driver's tile cache (<Cache/> without a <Path>): GDAL's default is ./gdalwmscache.
  set_if_unset("GDAL_DEFAULT_WMS_CACHE_PATH", default_wms_cache_dir().c_str());
}

// The first text or attribute value under `n` that is a network reference, or "".
std::string xml_network_reference(const CPLXMLNode* n) {
  for (; n; n = n->psNext) {
    const char* v = n->eType == CXT_Text                      ? n->pszValue
                    : n->eType == CXT_Attribute && n->psChild ? n->psChild->pszValue
                                                              : nullptr;
    if (v && !network_reference(v).empty()) return v;
    if (n->eType == CXT_Element) {
      std::string r = xml_network_reference(n->psChild);
      if (!r.empty()) return r;
    }
  }
  return "";
}

// The name of the root element of XML text (after the declaration, comments and DOCTYPE), or
// "" when `text` does not start like XML.
std::string xml_root_name(std::string_view text) {
  size_t p = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  while (true) {
    while (p < text.size() && std::isspace(static_cast<unsigned char>(text[p]))) ++p;
    if (p >= text.size() || text[p] != '<') return "";
    if (text.substr(p, 2) == "<?" || text.substr(p, 2) == "<!") {
      const bool comment = text.substr(p, 4) == "<!--";
      const size_t e = text.find(comment ? "-->" : ">", p);
      if (e == std::string_view::npos) return "";
      p = e + (comment ? 3 : 1);
      continue;
    }
    size_t e = p + 1;
    while (e < text.size() && !std::isspace(static_cast<unsigned char>(text[e])) &&
           text[e] != '>' && text[e] != '/')
      ++e;
    std::string_view name = text.substr(p + 1, e - p - 1);
    const size_t colon = name.find(':');
    if (colon != std::string_view::npos) name.remove_prefix(colon + 1);
    return std::string(name);
  }
}

// Reads up to `max` bytes of a regular local file ("" when it cannot).
std::string head_of(const std::string& path, size_t max) {
  std::string out;
  try {
    const int fd = open_regular_file(path, nullptr);
    out.resize(max);
    size_t got = 0;
    while (got < max) {
      const ssize_t n = ::read(fd, out.data() + got, max - got);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      got += static_cast<size_t>(n);
    }
    ::close(fd);
    out.resize(got);
  } catch (const Error&) {
    out.clear();
  }
  return out;
}

// Refuses a local path that is not a regular file or folder, or whose same-stem siblings (a
// shapefile's .dbf, .shx, .prj) include a FIFO, device or socket that GDAL would block on.
void require_openable(const std::string& path) {
  namespace fs = std::filesystem;
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) return;  // FileGDB, shapefile dir
  require_regular_file(path, "a vector file");
  const fs::path p(path);
  const std::string stem = p.stem().string() + ".";
  std::error_code ec;
  const fs::path dir = p.has_parent_path() ? p.parent_path() : fs::path(".");
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.compare(0, stem.size(), stem) != 0) continue;
    const fs::file_status fst = it->status(ec);
    if (ec) break;
    if (fs::is_regular_file(fst) || fs::is_directory(fst)) continue;
    require_regular_file(it->path().string(), "a file beside a vector file");
  }
}

// GDAL open options that keep the identified driver from writing beside the file.
CPLStringList no_trace_open_options(const std::string& path, const char* driver) {
  CPLStringList o;
  if (EQUAL(driver, "GML")) o.SetNameValue("WRITE_GFS", "NO");
  if (EQUAL(driver, "GPKG")) {
    const std::string h = head_of(path, 100);
    const bool wal = h.size() >= 20 && (h[18] == 2 || h[19] == 2);
    struct stat st {};
    const bool wal_file = ::stat((path + "-wal").c_str(), &st) == 0;
    if (wal && !wal_file)
      o.SetNameValue("IMMUTABLE", "YES");  // nothing pending: no -wal/-shm created
    else if (!wal)
      o.SetNameValue("NOLOCK", "YES");  // no lock, no journal: a read-only reader
  }
  return o;
}

// Opens `path` read-only as a dataset of `kind` (GDAL_OF_VECTOR or GDAL_OF_RASTER), under the
// open mutex. With `identify` (false for inline XML, not a file) the driver GDAL identifies is
// tried first with its no_trace_open_options, where it has any; otherwise, or when that fails,
// GDAL opens it as it would.
GdalDataset open_dataset(const std::string& path, unsigned kind, bool identify) {
  const std::lock_guard<std::mutex> lock(open_mutex());
  const unsigned flags = kind | GDAL_OF_READONLY;
  CPLErrorReset();
  if (identify) {
    if (GDALDriverH drv = GDALIdentifyDriverEx(path.c_str(), kind, nullptr, nullptr)) {
      const char* name = GDALGetDriverShortName(drv);
      const CPLStringList oo = no_trace_open_options(path, name);
      if (oo.Count() > 0) {
        const char* const allowed[] = {name, nullptr};
        if (GDALDatasetH ds = GDALOpenEx(path.c_str(), flags, allowed, oo.List(), nullptr))
          return GdalDataset(ds);
      }
    }
  }
  CPLErrorReset();
  return GdalDataset(GDALOpenEx(path.c_str(), flags, nullptr, nullptr, nullptr));
}

}  // namespace

void gdal_init() {
  static std::once_flag once;
  std::call_once(once, [] {
    set_no_trace_options();
    GDALAllRegister();
    apply_network_policy();
  });
}

void set_network_allowed(bool allowed) {
  gdal_init();
  const std::lock_guard<std::mutex> lock(open_mutex());
  g_network = allowed;
  apply_network_policy();
}

bool network_allowed() {
  return g_network.load();
}

std::string wms_cache_dir() {
  gdal_init();
  const char* v = CPLGetConfigOption("GDAL_DEFAULT_WMS_CACHE_PATH", nullptr);
  return v ? v : "";
}

std::string network_reference(std::string_view path) {
  const std::string l = lower(path);
  for (const char* p : kNetworkVsi)
    if (l.find(p) != std::string::npos) return p;
  std::string_view lv(l);
  while (!lv.empty() && (lv.front() == ' ' || lv.front() == '\t' || lv.front() == '\n'))
    lv.remove_prefix(1);
  for (const char* p : kNetworkConnections)
    if (lv.substr(0, std::strlen(p)) == p) return p;
  for (const char* p : kNetworkSchemes)
    if (l.find(p) != std::string::npos) return p;
  return "";
}

void refuse_network_source(const std::string& path, const std::string& label) {
  if (network_allowed()) return;
  std::string ref = network_reference(path);
  if (!ref.empty())
    throw Error(label + ": " + (ref == path ? ref : "'" + path + "'") + " not fetched: " + kTurnOn);
  if (path.rfind("/vsi", 0) == 0) return;
  // A local XML description: VRTs and service descriptions are small; look at their start.
  const std::string root = xml_root_name(head_of(path, 64u << 10));
  const bool vrt = root == "OGRVRTDataSource" || root == "VRTDataset";
  const bool service = root == "OGRWFSDataSource" || root == "GDAL_WMS" || root == "GDAL_WMTS" ||
                       root == "GDAL_WCS" || root == "WFS_Capabilities" ||
                       root == "WMS_Capabilities" || root == "WMT_MS_Capabilities";
  if (!vrt && !service) return;
  const std::string head = head_of(path, 4u << 20);
  CPLPushErrorHandler(CPLQuietErrorHandler);
  CPLXMLNode* doc = CPLParseXMLString(head.c_str());
  CPLPopErrorHandler();
  CPLErrorReset();
  ref = doc ? xml_network_reference(doc) : "";
  if (doc) CPLDestroyXMLNode(doc);
  if (ref.empty() && service) ref = "its server";
  if (ref.empty()) return;
  std::string what = "a " + root + " service description of";
  if (root == "OGRVRTDataSource") what = "a VRT (virtual vector file) that reads";
  if (root == "VRTDataset") what = "a raster VRT that reads";
  if (root == "OGRWFSDataSource" || root == "WFS_Capabilities")
    what = "a WFS service description of";
  if (root == "GDAL_WMS" || root == "WMS_Capabilities" || root == "WMT_MS_Capabilities")
    what = "a WMS service description of";
  if (root == "GDAL_WMTS") what = "a WMTS service description of";
  if (root == "GDAL_WCS") what = "a WCS service description of";
  throw Error(label + ": " + what + " '" + ref + "': not fetched: " + kTurnOn);
}

std::string gdal_last_error(const char* fallback) {
  const char* m = CPLGetLastErrorMsg();
  return m && *m ? std::string(m) : std::string(fallback ? fallback : "unknown reason");
}

void GdalCloser::operator()(void* ds) const {
  if (ds) GDALClose(ds);
}

GdalDataset open_vector_dataset(const std::string& path) {
  gdal_init();
  refuse_network_source(path, path);
  if (path.rfind("/vsi", 0) != 0) require_openable(path);
  return open_dataset(path, GDAL_OF_VECTOR, true);
}

GdalDataset open_raster_dataset(const std::string& path) {
  gdal_init();
  refuse_network_source(path, path);
  const bool inline_xml = !path.empty() && path.front() == '<';
  if (!inline_xml && path.rfind("/vsi", 0) != 0) {
    require_regular_file(path, "a raster file");
    require_openable(path);  // its same-stem siblings (.ovr, .aux.xml, .tfw)
  }
  return open_dataset(path, GDAL_OF_RASTER, !inline_xml);
}

void close_written(GdalDataset ds, const std::string& what) {
  if (!ds) return;
  CPLErrorReset();
  GDALClose(ds.release());  // void in GDAL 3.6: its failures are reported as CPL errors
  if (CPLGetLastErrorType() >= CE_Failure)
    throw Error(what + ": " + gdal_last_error("closing failed"));
}

std::string gpkg_layer_identifier(const std::string& path, const std::string& lname) {
  if (lname.empty()) return "";
  GdalDataset ds;
  try {
    ds = open_vector_dataset(path);
  } catch (const Error&) {
    return "";
  }
  if (!ds) return "";
  std::string ident;
  if (OGRLayerH ol = GDALDatasetGetLayerByName(ds.get(), lname.c_str())) {
    const char* s = GDALGetMetadataItem(ol, "IDENTIFIER", nullptr);
    if (s && *s && lname != s) ident = s;
  }
  return ident;
}

}  // namespace biodash
