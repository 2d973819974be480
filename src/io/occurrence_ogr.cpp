// OGR point layers (GeoPackage, FlatGeobuf, GeoJSON, Shapefile, KML, GPX): the Arrow stream where
// GDAL offers it, else feature by feature.
#include "io/occurrence_rows.hpp"

namespace biodash::occurrence {

// ---- OGR point layers --------------------------------------------------------------------

// The point of an OGR geometry, as the feature path reads it.
GeomXY point_of(OGRGeometryH g) {
  GeomXY p;
  if (!g || OGR_G_IsEmpty(g)) return p;
  if (wkbFlatten(OGR_G_GetGeometryType(g)) != wkbPoint) {
    p.kind = GeomXY::NotPoint;
    return p;
  }
  p.kind = GeomXY::Point;
  p.x = OGR_G_GetX(g, 0);
  p.y = OGR_G_GetY(g, 0);
  return p;
}

// The point of a WKB geometry (what GDAL's Arrow stream carries); same result as point_of.
GeomXY point_of_wkb(const unsigned char* w, size_t n) {
  GeomXY p;
  if (n < 5 || w[0] > 1) {
    p.kind = GeomXY::NotPoint;  // unreadable: OGR would fail the feature's geometry too
    if (n == 0) p.kind = GeomXY::None;
    return p;
  }
  const bool little = w[0] == 1;
  auto u32 = [&](size_t at) {
    uint32_t v;
    std::memcpy(&v, w + at, 4);
    return little ? v : __builtin_bswap32(v);
  };
  auto f64 = [&](size_t at) {
    uint64_t v;
    std::memcpy(&v, w + at, 8);
    if (!little) v = __builtin_bswap64(v);
    double d;
    std::memcpy(&d, &v, 8);
    return d;
  };
  const uint32_t type = u32(1);
  const uint32_t base = (type & 0x0FFFFFFF) % 1000;  // ISO Z/M/ZM codes and EWKB flags
  if (base == 1 && !(type & 0x20000000) && n >= 21) {
    p.x = f64(5);
    p.y = f64(13);
    // POINT EMPTY is written as NaN coordinates.
    p.kind = std::isnan(p.x) && std::isnan(p.y) ? GeomXY::None : GeomXY::Point;
    return p;
  }
  // Anything else (rare): let OGR decide emptiness exactly as the feature path does.
  OGRGeometryH g = nullptr;
  if (OGR_G_CreateFromWkbEx(w, nullptr, &g, n) != OGRERR_NONE || !g) {
    p.kind = GeomXY::None;
    return p;
  }
  p = point_of(g);
  OGR_G_DestroyGeometry(g);
  return p;
}

// Holds an Arrow C stream / array / schema and releases it.
struct ArrowStreamHolder {
  ArrowArrayStream s{};
  ~ArrowStreamHolder() {
    if (s.release) s.release(&s);
  }
};
struct ArrowSchemaHolder {
  ArrowSchema s{};
  ~ArrowSchemaHolder() {
    if (s.release) s.release(&s);
  }
};
struct ArrowBatch {
  ArrowArray a{};
  ArrowBatch() = default;
  ArrowBatch(ArrowBatch&& o) noexcept : a(o.a) { o.a.release = nullptr; }
  ArrowBatch& operator=(ArrowBatch&& o) noexcept {
    if (this != &o) {
      if (a.release) a.release(&a);
      a = o.a;
      o.a.release = nullptr;
    }
    return *this;
  }
  ~ArrowBatch() {
    if (a.release) a.release(&a);
  }
};

// One attribute column of an Arrow batch, rendered as OGR_F_GetFieldAsString would.
struct ArrowColumn {
  enum Kind : uint8_t { Utf8, LargeUtf8, Int32, Int64, Date32, Geometry, LargeGeometry } kind;
  int field = -1;  // OGR field index (-1 = geometry)
  const ArrowArray* arr = nullptr;

  bool valid(int64_t i) const {
    const int64_t j = i + arr->offset;
    const auto* bits = static_cast<const uint8_t*>(arr->buffers[0]);
    return arr->null_count == 0 || !bits || (bits[j >> 3] >> (j & 7)) & 1;
  }
  // Bytes of a variable-length value (strings, WKB).
  std::string_view bytes(int64_t i) const {
    const int64_t j = i + arr->offset;
    const char* data = static_cast<const char*>(arr->buffers[2]);
    if (kind == LargeUtf8 || kind == LargeGeometry) {
      const auto* off = static_cast<const int64_t*>(arr->buffers[1]);
      return {data + off[j], static_cast<size_t>(off[j + 1] - off[j])};
    }
    const auto* off = static_cast<const int32_t*>(arr->buffers[1]);
    return {data + off[j], static_cast<size_t>(off[j + 1] - off[j])};
  }
  // The value as text; `buf` holds formatted numbers and dates.
  std::string_view text(int64_t i, char (&buf)[32]) const {
    if (!valid(i)) return {};
    const int64_t j = i + arr->offset;
    switch (kind) {
      case Utf8:
      case LargeUtf8:
        return bytes(i);
      case Int32: {
        const auto r =
            std::to_chars(buf, buf + sizeof buf, static_cast<const int32_t*>(arr->buffers[1])[j]);
        return {buf, static_cast<size_t>(r.ptr - buf)};
      }
      case Int64: {
        const auto r =
            std::to_chars(buf, buf + sizeof buf, static_cast<const int64_t*>(arr->buffers[1])[j]);
        return {buf, static_cast<size_t>(r.ptr - buf)};
      }
      case Date32: {  // OGR: "%04d/%02d/%02d" (written by hand: snprintf was ~10 % of a load)
        int y;
        unsigned m, d;
        civil_from_days(static_cast<const int32_t*>(arr->buffers[1])[j], y, m, d);
        if (y < 0 || y > 9999) {
          const int len = std::snprintf(buf, sizeof buf, "%04d/%02d/%02d", y, m, d);
          return {buf, static_cast<size_t>(std::clamp(len, 0, 31))};
        }
        const unsigned yy = static_cast<unsigned>(y);
        buf[0] = static_cast<char>('0' + yy / 1000),
        buf[1] = static_cast<char>('0' + yy / 100 % 10);
        buf[2] = static_cast<char>('0' + yy / 10 % 10), buf[3] = static_cast<char>('0' + yy % 10);
        buf[4] = '/', buf[5] = static_cast<char>('0' + m / 10),
        buf[6] = static_cast<char>('0' + m % 10);
        buf[7] = '/', buf[8] = static_cast<char>('0' + d / 10),
        buf[9] = static_cast<char>('0' + d % 10);
        return {buf, 10};
      }
      default:
        return {};
    }
  }
};

// Reads an OGR layer through GDAL's columnar Arrow stream (RFC 86, GDAL >= 3.6): batches of
// WKB geometries and the used attribute columns, decoded on a second thread while this one
// fills the builder. Returns false, having consumed nothing, when the stream is unavailable
// or a used column has a type not rendered here exactly as the feature path renders it (the
// caller then reads feature by feature). Same rows, order and values as the feature path.
bool read_ogr_arrow(OGRLayerH layer, int nf, const std::vector<int>& used,
                    const std::string& declared, const OccurrenceOptions& opts,
                    const std::string& path, IngestReport& rep, Builder& b,
                    std::vector<std::pair<double, double>>& sample, CoordMode& mode,
                    const std::function<bool(double)>& progress, GIntBig total,
                    const std::string& driver) {
  if (CPLTestBool(CPLGetConfigOption("BIODASH_OGR_ARROW", "YES")) == FALSE) return false;
  // GeoPackage only (verified identical, and fast: GDAL 3.6 has a native GPKG Arrow reader);
  // GDAL 3.6's generic/FlatGeobuf streams misbehave on some files (a layer without geometry
  // streams without end).
  // GDAL 3.6's GPKG stream returns empty geometries when every attribute is ignored.
  if (driver != "GPKG" || used.empty()) return false;
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
  if (OGR_FD_GetGeomFieldCount(defn) != 1) return false;
  ArrowStreamHolder stream;
  char** sopts = CSLSetNameValue(nullptr, "INCLUDE_FID", "NO");
  OGR_L_ResetReading(layer);
  const bool ok = OGR_L_GetArrowStream(layer, &stream.s, sopts);
  CSLDestroy(sopts);
  if (!ok || !stream.s.release) return false;
  ArrowSchemaHolder schema;
  if (stream.s.get_schema(&stream.s, &schema.s) != 0 || !schema.s.release) return false;
  // Map the schema's children to OGR fields / the geometry.
  std::vector<ArrowColumn> cols;
  const char* gname = OGR_L_GetGeometryColumn(layer);
  int geom_child = -1;
  std::vector<int> child_of(nf, -1);
  for (int64_t c = 0; c < schema.s.n_children; ++c) {
    const ArrowSchema* ch = schema.s.children[c];
    const std::string_view name = ch->name ? ch->name : "";
    const std::string_view fmt = ch->format ? ch->format : "";
    const int fi = OGR_FD_GetFieldIndex(defn, std::string(name).c_str());
    const bool is_geom_name = (gname && *gname ? name == gname : name == "wkb_geometry");
    if ((fmt == "z" || fmt == "Z") && (is_geom_name || fi < 0) && geom_child < 0) {
      geom_child = static_cast<int>(c);
      cols.push_back({fmt == "z" ? ArrowColumn::Geometry : ArrowColumn::LargeGeometry, -1});
      continue;
    }
    if (fi < 0 || std::find(used.begin(), used.end(), fi) == used.end()) {
      cols.push_back({ArrowColumn::Utf8, -2});  // not read
      continue;
    }
    const OGRFieldType ft = OGR_Fld_GetType(OGR_FD_GetFieldDefn(defn, fi));
    ArrowColumn::Kind k;
    if (fmt == "u" && ft == OFTString)
      k = ArrowColumn::Utf8;
    else if (fmt == "U" && ft == OFTString)
      k = ArrowColumn::LargeUtf8;
    else if (fmt == "i" && ft == OFTInteger)
      k = ArrowColumn::Int32;
    else if (fmt == "l" && ft == OFTInteger64)
      k = ArrowColumn::Int64;
    else if (fmt == "tdD" && ft == OFTDate)
      k = ArrowColumn::Date32;
    else
      return false;  // a type we do not render exactly like OGR: feature path
    child_of[fi] = static_cast<int>(c);
    cols.push_back({k, fi});
  }
  if (geom_child < 0) return false;
  for (int fi : used)
    if (child_of[fi] < 0) return false;
  // Producer: pulls batches on its own thread (GDAL decodes while we build).
  std::mutex mu;
  std::condition_variable cv;
  std::deque<ArrowBatch> queue;
  bool done = false, stop = false;
  std::string error;
  std::thread producer([&] {
    while (true) {
      ArrowBatch batch;
      const int rc = stream.s.get_next(&stream.s, &batch.a);
      std::unique_lock<std::mutex> lk(mu);
      if (rc != 0) {
        const char* e = stream.s.get_last_error ? stream.s.get_last_error(&stream.s) : nullptr;
        error = e && *e ? e : "error " + std::to_string(rc);
        done = true;
        cv.notify_all();
        return;
      }
      if (!batch.a.release) {
        done = true;
        cv.notify_all();
        return;
      }
      cv.wait(lk, [&] { return stop || queue.size() < 3; });
      if (stop) return;
      queue.push_back(std::move(batch));
      cv.notify_all();
    }
  });
  struct Join {
    std::thread& t;
    std::mutex& mu;
    std::condition_variable& cv;
    bool& stop;
    ~Join() {
      {
        std::lock_guard<std::mutex> lk(mu);
        stop = true;
      }
      cv.notify_all();
      t.join();
    }
  } join{producer, mu, cv, stop};
  auto next_batch = [&](ArrowBatch& out) {
    std::unique_lock<std::mutex> lk(mu);
    cv.wait(lk, [&] { return !queue.empty() || done; });
    if (queue.empty()) {
      if (!error.empty()) throw Error(path + ": reading " + rep.data_file + ": " + error);
      return false;
    }
    out = std::move(queue.front());
    queue.pop_front();
    cv.notify_all();
    return true;
  };
  auto bind = [&](const ArrowBatch& batch) {
    if (batch.a.n_children != schema.s.n_children) throw Error(path + ": Arrow batch layout");
    for (size_t c = 0; c < cols.size(); ++c) cols[c].arr = batch.a.children[c];
  };
  // Pass 1: batches are kept until the first 2000 points decide the CRS handling.
  std::vector<ArrowBatch> held;
  {
    ArrowBatch batch;
    while (sample.size() < 2000 && next_batch(batch)) {
      bind(batch);
      const ArrowColumn& g = cols[geom_child];
      for (int64_t i = 0; i < batch.a.length && sample.size() < 2000; ++i) {
        if (!g.valid(i)) continue;
        const std::string_view w = g.bytes(i);
        const GeomXY p = point_of_wkb(reinterpret_cast<const unsigned char*>(w.data()), w.size());
        if (p.kind == GeomXY::Point && std::isfinite(p.x) && std::isfinite(p.y))
          sample.push_back({p.x, p.y});
      }
      held.push_back(std::move(batch));
    }
  }
  mode = decide_crs(sample, opts, declared, path, rep);
  b.mode = mode;
  if (total > 0) b.reserve(static_cast<size_t>(total));
  // Pass 2: every row into the builder.
  std::vector<std::string_view> fs(nf + 2);
  std::vector<std::array<char, 32>> bufs(cols.size());
  uint32_t k = 0;
  auto consume = [&](const ArrowBatch& batch) {
    bind(batch);
    const ArrowColumn& g = cols[geom_child];
    for (int64_t i = 0; i < batch.a.length; ++i) {
      for (size_t c = 0; c < cols.size(); ++c)
        if (cols[c].field >= 0)
          fs[cols[c].field] = cols[c].text(i, *reinterpret_cast<char(*)[32]>(bufs[c].data()));
      GeomXY p;
      if (g.valid(i)) {
        const std::string_view w = g.bytes(i);
        p = point_of_wkb(reinterpret_cast<const unsigned char*>(w.data()), w.size());
      }
      b.add(fs, ++k, &p);
    }
    if (progress && total > 0 && !progress(0.9 * k / double(total))) throw Cancelled();
  };
  for (auto& batch : held) {
    consume(batch);
    batch = ArrowBatch();
  }
  ArrowBatch batch;
  while (next_batch(batch)) consume(batch);
  return true;
}

ObservationStore read_ogr(const std::string& path, const std::string& layer_name,
                          const OccurrenceOptions& opts, IngestReport& rep,
                          const std::function<bool(double)>& progress) {
  CPLErrorReset();
  const GdalDataset ds = open_vector_dataset(path);
  if (!ds)
    throw Error(path + ": not a readable occurrence file: " +
                gdal_last_error("no GDAL driver recognises it"));
  OGRLayerH layer = nullptr;
  if (!layer_name.empty()) {
    layer = GDALDatasetGetLayerByName(ds.get(), layer_name.c_str());
    if (!layer) throw Error(path + ": no layer '" + layer_name + "'");
  } else {
    for (int i = 0; i < GDALDatasetGetLayerCount(ds.get()) && !layer; ++i) {
      OGRLayerH l = GDALDatasetGetLayer(ds.get(), i);
      const OGRwkbGeometryType g = wkbFlatten(OGR_L_GetGeomType(l));
      if (g == wkbPoint || g == wkbMultiPoint || g == wkbUnknown) layer = l;
    }
    if (!layer) throw Error(path + ": no point layer");
  }
  rep.format =
      std::string("OGR ") + GDALGetDriverShortName(GDALGetDatasetDriver(ds.get())) + " point layer";
  rep.data_file = path + ":" + OGR_L_GetName(layer);
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
  const int nf = OGR_FD_GetFieldCount(defn);
  std::vector<std::string> header;
  for (int i = 0; i < nf; ++i) header.push_back(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)));
  ColumnPlan plan = plan_from_header(header, opts.mapping, path, rep);
  // Geometry coordinates go into two extra fields.
  plan.col[static_cast<size_t>(Term::Longitude)] = nf;
  plan.col[static_cast<size_t>(Term::Latitude)] = nf + 1;
  plan.col[static_cast<size_t>(Term::LatLonPair)] = -1;
  std::string declared;
  if (OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(layer)) {
    char* wkt = nullptr;
    if (OSRExportToWkt(srs, &wkt) == OGRERR_NONE && wkt) declared = wkt;
    CPLFree(wkt);
  }
  // Decode only the attributes a term is read from: GDAL then skips the others entirely
  // (a 1M-feature GeoPackage reads several times faster). Builder::add never reads the
  // occurrenceID or geodeticDatum columns.
  std::vector<int> used;
  for (size_t k = 0; k < kTermCount; ++k) {
    const int c = plan.col[k];
    if (k == static_cast<size_t>(Term::OccurrenceId) ||
        k == static_cast<size_t>(Term::GeodeticDatum))
      continue;
    if (c >= 0 && c < nf && std::find(used.begin(), used.end(), c) == used.end()) used.push_back(c);
  }
  std::vector<const char*> ignored;
  for (int i = 0; i < nf; ++i)
    if (std::find(used.begin(), used.end(), i) == used.end())
      ignored.push_back(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)));
  ignored.push_back(nullptr);
  OGR_L_SetIgnoredFields(layer, ignored.data());
  const GIntBig total = OGR_L_GetFeatureCount(layer, FALSE);
  std::vector<Builder> bs(1);
  bs[0].plan = &plan;
  std::vector<std::string_view> fs(nf + 2);
  std::vector<std::pair<double, double>> sample;
  CoordMode mode = CoordMode::Degrees;
  if (!read_ogr_arrow(layer, nf, used, declared, opts, path, rep, bs[0], sample, mode, progress,
                      total, GDALGetDriverShortName(GDALGetDatasetDriver(ds.get())))) {
    // Feature by feature. One reusable row: strings keep their capacity, so streaming
    // allocates nothing per feature.
    std::vector<std::string> row(nf + 2);
    GeomXY xy;
    auto fill_row = [&](OGRFeatureH f) {
      for (int i : used) {
        if (OGR_F_IsFieldSetAndNotNull(f, i))
          row[i].assign(OGR_F_GetFieldAsString(f, i));
        else
          row[i].clear();
      }
      xy = point_of(OGR_F_GetGeometryRef(f));
    };
    // Pass 1: a sample of coordinates decides the CRS handling.
    OGR_L_ResetReading(layer);
    while (sample.size() < 2000) {
      OGRFeatureH f = OGR_L_GetNextFeature(layer);
      if (!f) break;
      fill_row(f);
      OGR_F_Destroy(f);
      if (xy.kind == GeomXY::Point && std::isfinite(xy.x) && std::isfinite(xy.y))
        sample.push_back({xy.x, xy.y});
    }
    mode = decide_crs(sample, opts, declared, path, rep);
    // Pass 2: stream every feature into the builder.
    bs[0].mode = mode;
    OGR_L_ResetReading(layer);
    uint32_t k = 0;
    while (OGRFeatureH f = OGR_L_GetNextFeature(layer)) {
      ++k;
      fill_row(f);
      OGR_F_Destroy(f);
      for (int i = 0; i < nf + 2; ++i) fs[i] = row[i];
      bs[0].add(fs, k, &xy);
      if (progress && (k & 0xFFFF) == 0 && total > 0 && !progress(0.9 * k / double(total)))
        throw Cancelled();
    }
  }
  for (size_t i = 0; i < bs[0].st.size(); ++i) bs[0].bbox_src.expand(bs[0].st.x[i], bs[0].st.y[i]);
  if (mode != CoordMode::Unknown) bs[0].transform(rep.src_crs, opts.project_crs);
  rep.notes.push_back("line numbers are feature numbers (1-based)");
  ObservationStore st = merge(bs, rep.data_file + " feature", rep);
  if (progress && !progress(1.0)) throw Cancelled();
  return st;
}

}  // namespace biodash::occurrence
