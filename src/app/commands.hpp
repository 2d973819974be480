#pragma once
// The subcommands of the biodash executable. Each returns a process exit code.
namespace biodash::app {

int run_gui(int argc, char** argv);        // biodash [FILE...] [--map-crs EPSG:x] ...
int run_aggregate(int argc, char** argv);  // biodash aggregate --polygons ... --observations ...
int run_render(int argc, char** argv);     // biodash render FILE... --out shot.png --size WxH
int run_inspect(int argc, char** argv);    // biodash inspect FILE: every row accounted for
int run_kiosk(int argc, char** argv);      // biodash --kiosk TOUR_FILE: public display mode
int run_baci(int argc, char** argv);       // biodash baci --impact ... --control ... (BACI table)
int run_basemap_pack(int argc, char** argv);  // biodash basemap-pack ... --out OUT.mbtiles

// Prints biodash's usage (all faces and subcommands) to stdout.
void print_usage();

// Files the dashboard opens when started without arguments (the embedded demo).
// Paths are resolved relative to the data/ folder found next to the binary or in the source.
const char* const* demo_files();

}  // namespace biodash::app
