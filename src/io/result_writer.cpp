#include "io/result_writer.hpp"

#include <cpl_conv.h>
#include <cpl_string.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/error.hpp"
#include "core/provenance.hpp"
#include "io/gdal_dataset.hpp"

namespace biodash {
namespace {

std::string csv_field(const std::string& v) {
  if (v.find_first_of(",\"\n\r") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

void write_result_csv(const std::string& path, const ResultTable& t) {
  std::string csv;
  csv.reserve(t.ids.size() * (16 + 12 * t.columns.size()));
  csv += csv_field(t.id_name);
  for (const auto& c : t.columns) csv += "," + csv_field(c);
  csv += '\n';
  for (size_t r = 0; r < t.ids.size(); ++r) {
    csv += csv_field(t.ids[r]);
    for (const auto& v : t.values[r]) {
      csv += ',';
      csv += csv_field(v);
    }
    csv += '\n';
  }
  write_file_atomically(path, csv);
  if (!t.provenance.empty()) write_file_atomically(path + ".json", provenance_json(t.provenance));
}

void write_pdf_page(const std::string& path, const std::vector<uint8_t>& rgba, int w, int h,
                    int dpi) {
  gdal_init();
  GDALDriverH mem = GDALGetDriverByName("MEM");
  GDALDriverH pdf = GDALGetDriverByName("PDF");
  if (!mem || !pdf) throw Error(path + ": this GDAL cannot write PDF");
  GdalDataset src(GDALCreate(mem, "", w, h, 3, GDT_Byte, nullptr));
  if (!src) throw Error(path + ": cannot make the PDF page image");
  for (int b = 0; b < 3; ++b) {
    if (GDALRasterIO(GDALGetRasterBand(src.get(), b + 1), GF_Write, 0, 0, w, h,
                     const_cast<uint8_t*>(rgba.data()) + b, w, h, GDT_Byte, 4, 4 * w) != CE_None)
      throw Error(path + ": cannot fill the PDF page image");
  }
  // GDAL's PDF driver wants ".pdf": the staged file is named like the target, plus ".pdf"
  // when the target has another extension.
  std::string ext = std::filesystem::path(path).extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  StagedFile staged(path, ext == ".pdf" ? "" : ".pdf");
  char** opts = CSLSetNameValue(nullptr, "DPI", std::to_string(dpi).c_str());
  opts = CSLSetNameValue(opts, "COMPRESS", "DEFLATE");
  CPLErrorReset();
  GdalDataset out(
      GDALCreateCopy(pdf, staged.temp_path().c_str(), src.get(), FALSE, opts, nullptr, nullptr));
  CSLDestroy(opts);
  if (!out) throw Error(path + ": cannot write PDF: " + gdal_last_error());
  close_written(std::move(out), path + ": cannot write PDF");
  staged.commit();
}

void write_result_gpkg(const std::string& path, const std::string& layer_name,
                       const std::string& crs, const std::vector<const GEOSGeometry*>& geoms,
                       const ResultTable& t) {
  gdal_init();
  StagedFile staged(path);  // removed with its journal if anything below fails
  const std::string& tmp = staged.temp_path();
  GDALDriverH drv = GDALGetDriverByName("GPKG");
  if (!drv) throw Error("GDAL has no GeoPackage driver");
  GDALDatasetH ds = GDALCreate(drv, tmp.c_str(), 0, 0, 0, GDT_Unknown, nullptr);
  if (!ds) throw Error(path + ": cannot create GeoPackage: " + gdal_last_error());
  auto fail = [&](const std::string& what) {
    const std::string msg = what + ": " + gdal_last_error();
    GDALClose(ds);
    throw Error(path + ": " + msg);
  };
  OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
  OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
  if (OSRSetFromUserInput(srs, crs.c_str()) != OGRERR_NONE) {
    OSRDestroySpatialReference(srs);
    fail("unknown CRS " + crs);
  }
  OGRLayerH lyr = GDALDatasetCreateLayer(ds, layer_name.c_str(), srs, wkbMultiPolygon, nullptr);
  OSRDestroySpatialReference(srs);
  if (!lyr) fail("cannot create layer " + layer_name);
  auto add_field = [&](const std::string& name, OGRFieldType type) {
    OGRFieldDefnH fd = OGR_Fld_Create(name.c_str(), type);
    const OGRErr err = OGR_L_CreateField(lyr, fd, TRUE);
    OGR_Fld_Destroy(fd);
    if (err != OGRERR_NONE) fail("cannot create field " + name);
  };
  // A GeoPackage has its own integer primary key "fid": an id column of that name (the
  // polygons' feature ids when no --id-field is given) is written as "area_fid".
  add_field(EQUAL(t.id_name.c_str(), "fid") ? std::string("area_fid") : t.id_name, OFTString);
  for (size_t c = 0; c < t.columns.size(); ++c)
    add_field(t.columns[c], c < t.numeric.size() && t.numeric[c] ? OFTReal : OFTString);
  GEOSContextHandle_t h = geos_ctx();
  GEOSWKBWriter* wr = GEOSWKBWriter_create_r(h);
  if (GDALDatasetStartTransaction(ds, FALSE) != OGRERR_NONE) fail("cannot start a transaction");
  for (size_t r = 0; r < t.ids.size(); ++r) {
    OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(lyr));
    OGR_F_SetFieldString(f, 0, t.ids[r].c_str());
    for (size_t c = 0; c < t.columns.size(); ++c) {
      const std::string& v = t.values[r][c];
      if (v.empty()) continue;  // null
      if (c < t.numeric.size() && t.numeric[c])
        OGR_F_SetFieldDouble(f, static_cast<int>(c + 1), std::stod(v));
      else
        OGR_F_SetFieldString(f, static_cast<int>(c + 1), v.c_str());
    }
    if (r < geoms.size() && geoms[r]) {
      size_t n = 0;
      unsigned char* wkb = GEOSWKBWriter_write_r(h, wr, geoms[r], &n);
      OGRGeometryH g = nullptr;
      if (wkb && OGR_G_CreateFromWkb(wkb, nullptr, &g, static_cast<int>(n)) == OGRERR_NONE) {
        g = OGR_G_ForceToMultiPolygon(g);
        OGR_F_SetGeometryDirectly(f, g);
      }
      GEOSFree_r(h, wkb);
    }
    const OGRErr err = OGR_L_CreateFeature(lyr, f);
    OGR_F_Destroy(f);
    if (err != OGRERR_NONE) {
      GEOSWKBWriter_destroy_r(h, wr);
      fail("cannot write feature " + std::to_string(r + 1));
    }
  }
  GEOSWKBWriter_destroy_r(h, wr);
  if (GDALDatasetCommitTransaction(ds) != OGRERR_NONE) fail("cannot commit");
  // How the numbers were made (core/provenance), as the layer's metadata (gpkg_metadata).
  for (const auto& [key, value] : t.provenance)
    if (GDALSetMetadataItem(lyr, key.c_str(), value.c_str(), "") != CE_None)
      fail("cannot write metadata " + key);
  close_written(GdalDataset(ds), path);  // a failed close (full disk) is an error
  staged.commit();
}

}  // namespace biodash
