// Stand-ins for the GUI and the renderer in a build without them (-DBIODASH_GUI=OFF), so the
// headless subcommands (aggregate) still build, e.g. for sanitizer runs and servers.
#include <cstdio>

#include "app/commands.hpp"

namespace biodash::app {

int run_gui(int, char**) {
  std::fprintf(stderr, "biodash: this build has no GUI (configured with -DBIODASH_GUI=OFF)\n");
  return 1;
}

int run_render(int, char**) {
  std::fprintf(stderr, "biodash render: this build has no renderer (-DBIODASH_GUI=OFF)\n");
  return 1;
}

int run_kiosk(int, char**) {
  std::fprintf(stderr, "biodash --kiosk: this build has no renderer (-DBIODASH_GUI=OFF)\n");
  return 1;
}

}  // namespace biodash::app
