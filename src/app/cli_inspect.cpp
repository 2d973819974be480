// `biodash inspect FILE`: placeholder until the observation ingest lands (issue 4).
#include <cstdio>

#include "app/commands.hpp"

namespace biodash::app {

int run_inspect(int, char**) {
  std::fprintf(stderr, "biodash inspect: not available yet\n");
  return 1;
}

}  // namespace biodash::app
