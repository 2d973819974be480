// biodash entry point: dispatches to the GUI or to a headless subcommand.
#include <cstdio>
#include <cstring>
#include <exception>

#include "app/commands.hpp"
#include "core/atomic_file.hpp"
#include "core/crash_report.hpp"

void biodash::app::print_usage() {
  std::puts(
      "biodash — biodiversity dashboard\n"
      "\n"
      "usage:\n"
      "  biodash [FILE[:LAYER]...] [--map-crs EPSG:CODE]     open the dashboard (no files: demo)\n"
      "          [--lang nl|en] [--session VIEW.biodash] [--observations FILE]\n"
      "          [--basemap FILE|preset:NAME]   a raster under the layers (Map > Basemap)\n"
      "  biodash --script FILE        run UI commands in the window (tests; see "
      "src/ui/ui_script.hpp)\n"
      "  biodash --bench-frames N [--observations FILE]   frame-time benchmark, time slider "
      "playing\n"
      "  biodash aggregate --polygons FILE[:LAYER] --observations FILE[:LAYER] --out OUT.csv\n"
      "                    [--id-field NAME] [--map-crs EPSG:CODE] [--src-crs EPSG:CODE]\n"
      "  biodash render FILE[:LAYER]... --out shot.png [--size 1600x900]\n"
      "  biodash inspect FILE            rows read, kept, rejected by reason; species, dates\n"
      "  biodash baci --impact F[:L] --control F[:L] --observations F   before/after table\n"
      "  biodash basemap-pack (--preset NAME | --from FILE) --bbox MINLON,MINLAT,MAXLON,MAXLAT\n"
      "                       --zoom A-B --out OUT.mbtiles   offline basemap tiles for the kiosk\n"
      "  biodash --kiosk TOUR_FILE [--monitor N]   public display mode (data/tours/README.md)\n"
      "  biodash --help | --version\n"
      "\n"
      "No network: files that name remote data (a VRT over a URL, WFS, a linked CRS) are\n"
      "refused unless --allow-network is given (window: View > Allow network access).");
}

int main(int argc, char** argv) {
  // A crash says where (stderr), and what was printed before it is not lost in a buffer.
  biodash::install_crash_report();
  // Ctrl+C, a kill or a closed terminal during a write leaves no temporary file behind.
  biodash::install_temp_cleanup_on_signals();
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  try {
    if (argc >= 2) {
      if (!std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h")) {
        biodash::app::print_usage();
        return 0;
      }
      if (!std::strcmp(argv[1], "--version")) {
        std::puts("biodash " BIODASH_VERSION);
        return 0;
      }
      if (!std::strcmp(argv[1], "aggregate"))
        return biodash::app::run_aggregate(argc - 1, argv + 1);
      if (!std::strcmp(argv[1], "render")) return biodash::app::run_render(argc - 1, argv + 1);
      if (!std::strcmp(argv[1], "inspect")) return biodash::app::run_inspect(argc - 1, argv + 1);
      if (!std::strcmp(argv[1], "baci")) return biodash::app::run_baci(argc - 1, argv + 1);
      if (!std::strcmp(argv[1], "basemap-pack"))
        return biodash::app::run_basemap_pack(argc - 1, argv + 1);
      if (!std::strcmp(argv[1], "--kiosk")) return biodash::app::run_kiosk(argc, argv);
    }
    return biodash::app::run_gui(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "biodash: %s\n", e.what());
    return 1;
  }
}
