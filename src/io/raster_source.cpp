// A raster basemap read through GDAL and warped into the map CRS (see raster_source.hpp).
#include "io/raster_source.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_minixml.h>
#include <cpl_string.h>
#include <gdal.h>
#include <gdal_alg.h>
#include <gdal_utils.h>
#include <ogr_srs_api.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string_view>

#include "core/error.hpp"
#include "core/input_file.hpp"
#include "io/gdal_dataset.hpp"

namespace biodash {

namespace {

constexpr int kEdgePoints = 21;  // points per raster edge transformed for the extent

// Collects GDAL's error messages on this thread while alive (GDAL would print them to stderr).
class ErrorCollector {
 public:
  ErrorCollector() {
    CPLErrorReset();
    CPLPushErrorHandlerEx(&ErrorCollector::handler, this);
  }
  ~ErrorCollector() { CPLPopErrorHandler(); }
  ErrorCollector(const ErrorCollector&) = delete;
  ErrorCollector& operator=(const ErrorCollector&) = delete;
  // The first error GDAL reported (usually the cause), and its last one when it differs.
  std::string message(const char* fallback) const {
    if (errors_.empty()) return fallback;
    if (errors_.size() == 1 || errors_.front() == errors_.back()) return errors_.front();
    return errors_.front() + "; " + errors_.back();
  }
  bool interrupted() const { return interrupted_; }

 private:
  static void CPL_STDCALL handler(CPLErr cls, CPLErrorNum num, const char* msg) {
    auto* self = static_cast<ErrorCollector*>(CPLGetErrorHandlerUserData());
    if (num == CPLE_UserInterrupt) self->interrupted_ = true;
    if (cls >= CE_Failure && self->errors_.size() < 8) self->errors_.push_back(msg ? msg : "");
  }
  std::vector<std::string> errors_;
  bool interrupted_ = false;
};

struct SrsDeleter {
  void operator()(void* s) const {
    if (s) OSRRelease(s);
  }
};
using SrsPtr = std::unique_ptr<void, SrsDeleter>;

struct CslDeleter {
  void operator()(char** l) const { CSLDestroy(l); }
};
using CslPtr = std::unique_ptr<char*, CslDeleter>;

std::string trim_left(std::string_view s) {
  size_t p = 0;
  while (p < s.size() && std::isspace(static_cast<unsigned char>(s[p]))) ++p;
  return std::string(s.substr(p));
}

// The name of the root element of inline XML ("GDAL_WMS"), or "" when `s` is not XML text.
std::string inline_xml_root(const std::string& s) {
  const std::string t = trim_left(s);
  if (t.empty() || t.front() != '<') return "";
  size_t e = 1;
  while (e < t.size() && !std::isspace(static_cast<unsigned char>(t[e])) && t[e] != '>' &&
         t[e] != '/')
    ++e;
  return t.substr(1, e - 1);
}

// The first URL-like token in `text` that starts with the network reference `ref`.
std::string url_in(const std::string& text, const std::string& ref) {
  std::string l = text;
  for (auto& c : l) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const size_t p = l.find(ref);
  if (ref.empty() || p == std::string::npos) return ref;
  size_t e = p;
  while (e < text.size() && text[e] != '<' && text[e] != '"' && text[e] != '\'' &&
         !std::isspace(static_cast<unsigned char>(text[e])))
    ++e;
  return text.substr(p, e - p);
}

// "EPSG:xxxx" when the CRS has an EPSG code, else its WKT.
std::string srs_name(OGRSpatialReferenceH srs) {
  const char* auth = OSRGetAuthorityName(srs, nullptr);
  const char* code = OSRGetAuthorityCode(srs, nullptr);
  if (auth && code && EQUAL(auth, "EPSG")) return std::string("EPSG:") + code;
  char* wkt = nullptr;
  std::string out;
  if (OSRExportToWkt(srs, &wkt) == OGRERR_NONE && wkt) out = wkt;
  CPLFree(wkt);
  return out;
}

// The text of the first element called `name` (any depth) under `n`, or "".
std::string xml_element_text(const CPLXMLNode* n, const char* name) {
  for (; n; n = n->psNext) {
    if (n->eType != CXT_Element) continue;
    if (EQUAL(n->pszValue, name)) {
      for (const CPLXMLNode* c = n->psChild; c; c = c->psNext)
        if (c->eType == CXT_Text && c->pszValue) return c->pszValue;
      return "";
    }
    std::string r = xml_element_text(n->psChild, name);
    if (!r.empty()) return r;
  }
  return "";
}

// An <Attribution> element of a GDAL_WMS / GDAL_WMTS description (file or inline text).
std::string xml_attribution(const std::string& path, bool inline_xml) {
  std::string text;
  if (inline_xml) {
    text = path;
  } else {
    try {
      text = read_small_file(path, 1u << 20, nullptr);
    } catch (const Error&) {
      return "";
    }
  }
  const std::string root = inline_xml_root(text);
  if (root != "GDAL_WMS" && root != "GDAL_WMTS") return "";
  CPLPushErrorHandler(CPLQuietErrorHandler);
  CPLXMLNode* doc = CPLParseXMLString(text.c_str());
  CPLPopErrorHandler();
  CPLErrorReset();
  std::string out = doc ? xml_element_text(doc, "Attribution") : "";
  if (doc) CPLDestroyXMLNode(doc);
  return out;
}

// The attribution in a dataset's metadata: an "attribution" item, a copyright item, or (for
// GeoPackage and TIFF) a description item.
std::string metadata_attribution(GDALDatasetH ds, const std::string& driver) {
  char** md = GDALGetMetadata(ds, nullptr);
  for (const char* k : {"attribution", "TIFFTAG_COPYRIGHT", "copyright"})
    if (const char* v = CSLFetchNameValue(md, k); v && *v) return v;
  if (driver == "GPKG" || driver == "GTiff" || driver == "COG")
    for (const char* k : {"DESCRIPTION", "TIFFTAG_IMAGEDESCRIPTION"})
      if (const char* v = CSLFetchNameValue(md, k); v && *v) return v;
  return "";
}

int CPL_STDCALL cancel_progress(double, const char*, void* arg) {
  const auto* c = static_cast<const std::atomic<bool>*>(arg);
  return c && c->load() ? FALSE : TRUE;
}

uint8_t to_byte(double v) {
  if (!(v > 0)) return 0;  // also NaN
  if (v >= 255) return 255;
  return static_cast<uint8_t>(std::lround(v));
}

}  // namespace

struct RasterSource::Impl {
  RasterInfo info;
  std::string label;             // the path, or "inline GDAL_WMS description"
  GdalDataset src;               // as opened
  GdalDataset prepared;          // a VRT over src (palette expanded, bands chosen), or null
  std::string map_wkt;           // the map CRS as WKT
  bool grey = false;             // the warp source is grey (+ alpha), else RGB (+ alpha)
  bool src_alpha = false;        // its last band is an alpha band
  GDALDataType type = GDT_Byte;  // Byte, or Float32 for other sources (scaled below)
  std::vector<std::pair<double, double>> range;  // per colour band: min, max (non-Byte)

  // Destroy the VRT before the dataset it reads.
  ~Impl() { prepared.reset(); }
  GDALDatasetH warp_source() const { return prepared ? prepared.get() : src.get(); }
  int colour_bands() const { return grey ? 1 : 3; }
  int warp_bands() const { return colour_bands() + (src_alpha ? 1 : 0); }
};

RasterSource::RasterSource(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
RasterSource::~RasterSource() = default;

const RasterInfo& RasterSource::info() const {
  return impl_->info;
}

std::unique_ptr<RasterSource> RasterSource::open(const std::string& path,
                                                 const std::string& map_crs) {
  gdal_init();
  auto impl = std::make_unique<Impl>();
  RasterInfo& info = impl->info;
  info.path = path;
  info.map_crs = map_crs;
  const std::string root = inline_xml_root(path);
  const bool inline_xml = !root.empty();
  impl->label = inline_xml ? "inline " + root + " description" : path;
  const std::string& label = impl->label;
  if (path.empty()) throw Error("no raster file name given");

  // The network first: nothing is opened while it is off. Inline XML is named by its root
  // element and the URL it would fetch, not by the whole text.
  try {
    refuse_network_source(path, label);
  } catch (const Error& e) {
    if (!inline_xml) throw;
    std::string m = e.what();
    const std::string quoted = "'" + path + "'";
    const size_t p = m.find(quoted);
    if (p != std::string::npos)
      m.replace(p, quoted.size(), "'" + url_in(path, network_reference(path)) + "'");
    throw Error(m);
  }
  // An inline service description naming no URL that looks remote still talks to a server.
  if (inline_xml && !network_allowed() &&
      (root == "GDAL_WMS" || root == "GDAL_WMTS" || root == "GDAL_WCS"))
    throw Error(label + ": its server not fetched: network access is off; turn it on in the " +
                "settings to read it");

  ErrorCollector errors;
  impl->src = open_raster_dataset(path);
  if (!impl->src)
    throw Error(label + ": not a raster GDAL can read (" +
                errors.message("GDAL recognised no raster format") + ")");
  GDALDatasetH ds = impl->src.get();
  if (GDALDriverH drv = GDALGetDatasetDriver(ds)) info.driver = GDALGetDriverShortName(drv);
  info.width = GDALGetRasterXSize(ds);
  info.height = GDALGetRasterYSize(ds);
  info.bands = GDALGetRasterCount(ds);
  if (info.bands < 1 || info.width < 1 || info.height < 1)
    throw Error(label + ": has no raster bands (" + info.driver + ")");
  info.overviews = GDALGetOverviewCount(GDALGetRasterBand(ds, 1));

  // Georeferencing: a geotransform or GCPs, and a CRS.
  double gt[6];
  const bool has_gt = GDALGetGeoTransform(ds, gt) == CE_None;
  const bool has_gcps = GDALGetGCPCount(ds) > 0;
  OGRSpatialReferenceH src_srs = GDALGetSpatialRef(ds);
  if (!has_gt && has_gcps) src_srs = GDALGetGCPSpatialRef(ds);
  if (!has_gt && !has_gcps)
    throw Error(label + ": has no georeferencing (no geotransform or ground control points), " +
                "so it cannot be placed on the map");
  if (!src_srs)
    throw Error(label + ": has no coordinate reference system (CRS), so it cannot be placed " +
                "on the map");
  info.source_crs = srs_name(src_srs);

  SrsPtr map_srs(OSRNewSpatialReference(nullptr));
  if (OSRSetFromUserInput(map_srs.get(), map_crs.c_str()) != OGRERR_NONE)
    throw Error(label + ": cannot draw it in map CRS '" + map_crs + "': not a CRS GDAL knows (" +
                errors.message("unknown CRS") + ")");
  OSRSetAxisMappingStrategy(map_srs.get(), OAMS_TRADITIONAL_GIS_ORDER);
  {
    char* wkt = nullptr;
    const char* const wkt_opts[] = {"FORMAT=WKT2_2019", nullptr};
    if (OSRExportToWktEx(map_srs.get(), &wkt, wkt_opts) == OGRERR_NONE && wkt) impl->map_wkt = wkt;
    CPLFree(wkt);
  }

  // Extent and resolution in the map CRS: pixel/line coordinates through GDAL's transformer
  // (geotransform or GCPs, then PROJ).
  {
    CslPtr topts(CSLSetNameValue(nullptr, "DST_SRS", impl->map_wkt.c_str()));
    void* tr = GDALCreateGenImgProjTransformer2(ds, nullptr, topts.get());
    if (!tr)
      throw Error(label + ": cannot be placed in map CRS '" + map_crs + "' (" +
                  errors.message("no transformation") + ")");
    std::vector<double> x, y;
    const double W = info.width, H = info.height;
    for (int i = 0; i < kEdgePoints; ++i) {
      const double f = static_cast<double>(i) / (kEdgePoints - 1);
      x.insert(x.end(), {f * W, f * W, 0.0, W});
      y.insert(y.end(), {0.0, H, f * H, f * H});
    }
    // The centre and one pixel right and down of it, for the resolution.
    x.insert(x.end(), {W / 2, W / 2 + 1, W / 2});
    y.insert(y.end(), {H / 2, H / 2, H / 2 + 1});
    std::vector<double> z(x.size(), 0.0);
    std::vector<int> ok(x.size(), 0);
    GDALGenImgProjTransform(tr, FALSE, static_cast<int>(x.size()), x.data(), y.data(), z.data(),
                            ok.data());
    GDALDestroyGenImgProjTransformer(tr);
    for (size_t i = 0; i < x.size(); ++i)
      if (ok[i] && std::isfinite(x[i]) && std::isfinite(y[i])) info.extent.expand(x[i], y[i]);
    const size_t c = x.size() - 3;
    if (ok[c] && ok[c + 1] && ok[c + 2]) {
      const double ax = x[c + 1] - x[c], ay = y[c + 1] - y[c];
      const double bx = x[c + 2] - x[c], by = y[c + 2] - y[c];
      info.resolution = std::sqrt(std::abs(ax * by - ay * bx));  // sqrt of the pixel's area
    }
    if (info.extent.empty() || !(info.resolution > 0) || !std::isfinite(info.resolution))
      throw Error(label + ": its extent cannot be transformed from " + info.source_crs +
                  " into map CRS '" + map_crs + "' (" +
                  errors.message("PROJ could not transform it") + ")");
  }

  // Band layout: what the warp reads, and whether a VRT must prepare it.
  GDALRasterBandH b1 = GDALGetRasterBand(ds, 1);
  CPLStringList targs;
  if (GDALGetRasterColorInterpretation(b1) == GCI_PaletteIndex && GDALGetRasterColorTable(b1)) {
    // Paletted: expanded to RGBA through the colour table (its nodata entry transparent).
    targs.AddString("-b");
    targs.AddString("1");
    targs.AddString("-expand");
    targs.AddString("rgba");
    impl->grey = false;
    impl->src_alpha = true;
  } else {
    std::vector<int> colour;
    int alpha = 0;
    for (int b = 1; b <= info.bands; ++b) {
      if (GDALGetRasterColorInterpretation(GDALGetRasterBand(ds, b)) == GCI_AlphaBand) {
        if (!alpha) alpha = b;
      } else {
        colour.push_back(b);
      }
    }
    if (colour.empty()) throw Error(label + ": has only an alpha band, nothing to draw");
    impl->grey = colour.size() < 3;
    colour.resize(impl->grey ? 1 : 3);
    std::vector<int> sel = colour;
    if (alpha) sel.push_back(alpha);
    impl->src_alpha = alpha != 0;
    bool as_is = static_cast<int>(sel.size()) == info.bands;
    for (size_t i = 0; i < sel.size() && as_is; ++i) as_is = sel[i] == static_cast<int>(i) + 1;
    if (!as_is)
      for (int b : sel) {
        targs.AddString("-b");
        targs.AddString(std::to_string(b).c_str());
      }
    for (int b : colour) {
      GDALRasterBandH band = GDALGetRasterBand(ds, b);
      if (GDALGetRasterDataType(band) != GDT_Byte) impl->type = GDT_Float32;
    }
    if (impl->type != GDT_Byte) {
      for (int b : colour) {
        double mm[2] = {0, 255};
        if (GDALComputeRasterMinMax(GDALGetRasterBand(ds, b), TRUE, mm) != CE_None)
          throw Error(label + ": cannot read band " + std::to_string(b) + " (" +
                      errors.message("no minimum/maximum") + ")");
        impl->range.emplace_back(mm[0], mm[1]);
      }
    }
  }
  if (targs.Count() > 0) {
    targs.AddString("-of");
    targs.AddString("VRT");
    GDALTranslateOptions* topt = GDALTranslateOptionsNew(targs.List(), nullptr);
    if (!topt) throw Error(label + ": " + errors.message("cannot prepare its bands"));
    impl->prepared.reset(GDALTranslate("", ds, topt, nullptr));
    GDALTranslateOptionsFree(topt);
    if (!impl->prepared)
      throw Error(label + ": cannot prepare its bands (" + errors.message("GDALTranslate failed") +
                  ")");
  }

  info.attribution = metadata_attribution(ds, info.driver);
  if (info.attribution.empty() && (inline_xml || info.driver == "WMS" || info.driver == "WMTS"))
    info.attribution = xml_attribution(path, inline_xml);
  return std::unique_ptr<RasterSource>(new RasterSource(std::move(impl)));
}

std::vector<uint8_t> RasterSource::read_rgba(const Envelope& extent, int w, int h,
                                             const std::atomic<bool>* cancel) const {
  const Impl& m = *impl_;
  if (w <= 0 || h <= 0)
    throw Error(m.label + ": cannot read " + std::to_string(w) + " x " + std::to_string(h) +
                " pixels");
  if (extent.empty() || !(extent.width() > 0) || !(extent.height() > 0))
    throw Error(m.label + ": cannot read an empty extent");
  if (cancel && cancel->load()) return {};
  const size_t n = static_cast<size_t>(w) * static_cast<size_t>(h);
  std::vector<uint8_t> out(n * 4, 0);
  const Envelope& r = m.info.extent;
  if (extent.maxx <= r.minx || extent.minx >= r.maxx || extent.maxy <= r.miny ||
      extent.miny >= r.maxy)
    return out;  // the raster does not reach

  ErrorCollector errors;
  const int nb = m.colour_bands() + 1;  // + the destination alpha
  GdalDataset dst(GDALCreate(GDALGetDriverByName("MEM"), "", w, h, nb, m.type, nullptr));
  if (!dst) throw Error(m.label + ": " + errors.message("cannot allocate the tile"));
  double gt[6] = {extent.minx, extent.width() / w, 0, extent.maxy, 0, -extent.height() / h};
  GDALSetGeoTransform(dst.get(), gt);
  GDALSetProjection(dst.get(), m.map_wkt.c_str());
  GDALSetRasterColorInterpretation(GDALGetRasterBand(dst.get(), nb), GCI_AlphaBand);

  CPLStringList args;
  for (const char* a : {"-r", "bilinear", "-ovr", "AUTO", "-dstalpha", "-wo", "INIT_DEST=0"})
    args.AddString(a);
  if (m.src_alpha) args.AddString("-srcalpha");
  GDALWarpAppOptions* wopt = GDALWarpAppOptionsNew(args.List(), nullptr);
  if (!wopt) throw Error(m.label + ": " + errors.message("bad warp options"));
  if (cancel)
    GDALWarpAppOptionsSetProgress(wopt, &cancel_progress,
                                  const_cast<void*>(static_cast<const void*>(cancel)));
  GDALDatasetH srcs[1] = {m.warp_source()};
  int usage_error = FALSE;
  GDALDatasetH res = GDALWarp(nullptr, dst.get(), 1, srcs, wopt, &usage_error);
  GDALWarpAppOptionsFree(wopt);
  if (cancel && cancel->load()) return {};
  if (!res || errors.interrupted())
    throw Error(m.label + ": reading failed (" + errors.message("GDALWarp failed") + ")");

  // Into straight-alpha RGBA8, top row first.
  const int bands_rgb[4] = {1, m.grey ? 1 : 2, m.grey ? 1 : 3, nb};
  if (m.type == GDT_Byte) {
    for (int c = 0; c < 4; ++c) {
      if (c > 0 && bands_rgb[c] == bands_rgb[c - 1]) {  // grey replicated
        for (size_t i = 0; i < n; ++i) out[i * 4 + c] = out[i * 4 + c - 1];
        continue;
      }
      if (GDALRasterIO(GDALGetRasterBand(dst.get(), bands_rgb[c]), GF_Read, 0, 0, w, h,
                       out.data() + c, w, h, GDT_Byte, 4, 4 * w) != CE_None)
        throw Error(m.label + ": reading failed (" + errors.message("RasterIO failed") + ")");
    }
  } else {
    std::vector<float> buf(n);
    for (int c = 0; c < 4; ++c) {
      if (c > 0 && bands_rgb[c] == bands_rgb[c - 1]) {
        for (size_t i = 0; i < n; ++i) out[i * 4 + c] = out[i * 4 + c - 1];
        continue;
      }
      if (GDALRasterIO(GDALGetRasterBand(dst.get(), bands_rgb[c]), GF_Read, 0, 0, w, h, buf.data(),
                       w, h, GDT_Float32, 0, 0) != CE_None)
        throw Error(m.label + ": reading failed (" + errors.message("RasterIO failed") + ")");
      double lo = 0, scale = 1;  // alpha: 0..255 as warped
      if (c < 3) {
        const auto [mn, mx] = m.range[static_cast<size_t>(bands_rgb[c] - 1)];
        lo = mn;
        scale = mx > mn ? 255.0 / (mx - mn) : 0.0;
      }
      for (size_t i = 0; i < n; ++i)
        out[i * 4 + c] = c < 3 && scale == 0 ? 255 : to_byte((buf[i] - lo) * scale);
    }
  }
  // Straight alpha: nothing but zeros where nothing was read.
  for (size_t i = 0; i < n; ++i)
    if (out[i * 4 + 3] == 0) out[i * 4] = out[i * 4 + 1] = out[i * 4 + 2] = 0;
  return out;
}

}  // namespace biodash
