#include "core/crs.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

using namespace biodash;

// Reference: stack.md / PROJ 9.1 "Inverse of Amersfoort to WGS 84 (4) + RD New":
// Leiden centre 52.1601 N 4.4970 E -> x 94087.441, y 463921.818.
TEST(Crs, LeidenCentreToRdNew) {
  CrsTransform t("EPSG:4326", "EPSG:28992");
  double x = 4.4970, y = 52.1601;  // normalised axis order: x = lon, y = lat
  EXPECT_EQ(t.transform(&x, &y, 1), 0u);
  EXPECT_NEAR(x, 94087.441, 0.01);
  EXPECT_NEAR(y, 463921.818, 0.01);
}

TEST(Crs, RoundTripIsStable) {
  CrsTransform fwd("EPSG:4326", "EPSG:28992"), inv("EPSG:28992", "EPSG:4326");
  double x = 4.4970, y = 52.1601;
  fwd.transform(&x, &y, 1);
  inv.transform(&x, &y, 1);
  EXPECT_NEAR(x, 4.4970, 1e-8);
  EXPECT_NEAR(y, 52.1601, 1e-8);
}

TEST(Crs, IdentityIsDetected) {
  CrsTransform t("EPSG:28992", "EPSG:28992");
  EXPECT_TRUE(t.identity());
}

TEST(Crs, UnknownCrsCarriesProjMessage) {
  try {
    CrsTransform t("EPSG:999999", "EPSG:28992");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    std::string m = e.what();
    EXPECT_NE(m.find("EPSG:999999"), std::string::npos) << m;
  }
}

TEST(Crs, GeometryTransformKeepsShape) {
  CrsTransform t("EPSG:4326", "EPSG:28992");
  GeomPtr g = from_wkt("POLYGON((4.49 52.15, 4.50 52.15, 4.50 52.16, 4.49 52.16, 4.49 52.15))");
  GeomPtr r = t.transform(g.get());
  double area = 0;
  GEOSArea_r(geos_ctx(), r.get(), &area);
  // 0.01 deg lon x 0.01 deg lat at 52.155 N is about 684 m x 1113 m.
  EXPECT_NEAR(area, 684.0 * 1113.0, 0.01 * 684.0 * 1113.0);
}

TEST(Crs, ShortNames) {
  EXPECT_EQ(crs_short_name("EPSG:28992"), "EPSG:28992");
  EXPECT_TRUE(crs_valid("EPSG:4326"));
  EXPECT_FALSE(crs_valid("not a crs"));
}

// The pool lends a finished transform again instead of making a new one, gives two leases
// held at once two different transforms (one thread each), and lent ones still transform
// correctly (same reference point as LeidenCentreToRdNew).
TEST(Crs, PooledTransformsAreReusedAndExclusive) {
  const std::string from = "EPSG:4326", to = "EPSG:28992";
  { const TransformLease warm = borrow_transform(from, to); }
  const size_t made = transforms_created();
  const CrsTransform* first = nullptr;
  {
    const TransformLease a = borrow_transform(from, to);
    first = &*a;
    EXPECT_EQ(transforms_created(), made);  // the idle one was lent
    const TransformLease b = borrow_transform(from, to);
    EXPECT_NE(&*b, first);  // held at once: never the same object
    EXPECT_EQ(transforms_created(), made + 1);
    double x = 4.4970, y = 52.1601;
    EXPECT_EQ(b->transform(&x, &y, 1), 0u);
    EXPECT_NEAR(x, 94087.441, 0.01);
    EXPECT_NEAR(y, 463921.818, 0.01);
  }
  for (int i = 0; i < 5; ++i) {
    const TransformLease c = borrow_transform(from, to);
    double x = 4.4970, y = 52.1601;
    c->transform(&x, &y, 1);
    EXPECT_NEAR(x, 94087.441, 0.01);
  }
  EXPECT_EQ(transforms_created(), made + 1);                 // nothing new made for five more reads
  EXPECT_THROW(borrow_transform("EPSG:999999", to), Error);  // failures are not pooled
  EXPECT_THROW(borrow_transform("EPSG:999999", to), Error);
}
