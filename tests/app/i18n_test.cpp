// The Dutch/English UI table: every tr("...") / trid("...", ...) literal in the
// sources has a Dutch entry, printf conversions survive translation, and
// switching languages round-trips.
#include "core/i18n.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace biodash;

namespace {

// The C++ string literal starting at s[i] (just after the opening quote),
// unescaped; i is left after the closing quote. Returns false on an
// unterminated literal.
bool read_literal(const std::string& s, size_t& i, std::string& out) {
  out.clear();
  while (i < s.size()) {
    const char c = s[i++];
    if (c == '"') return true;
    if (c == '\n') return false;
    if (c == '\\' && i < s.size()) {
      const char e = s[i++];
      out += e == 'n' ? '\n' : e == 't' ? '\t' : e;  // \" \\ \' keep the character
    } else {
      out += c;
    }
  }
  return false;
}

struct Use {
  std::string file;
  int line;
  std::string text;
};

// tr("...") and trid("...", uses in one source text (comment lines skipped). Adjacent literals
// ("abc "\n "def") are joined as the compiler does.
std::vector<Use> scan(const std::string& file, const std::string& text) {
  std::vector<Use> uses;
  int line = 1;
  bool line_comment = false;
  for (size_t p = 0; p < text.size(); ++p) {
    const char c = text[p];
    if (c == '\n') {
      ++line;
      line_comment = false;
      continue;
    }
    if (line_comment) continue;
    if (c == '/' && p + 1 < text.size() && text[p + 1] == '/') {
      line_comment = true;
      continue;
    }
    for (const std::string fn : {"tr(\"", "trid(\""}) {
      if (text.compare(p, fn.size(), fn) != 0) continue;
      if (p > 0 && (std::isalnum(static_cast<unsigned char>(text[p - 1])) || text[p - 1] == '_'))
        continue;  // str(", ...
      size_t i = p + fn.size();
      std::string lit, piece;
      bool ok = read_literal(text, i, lit);
      // Joined literals: whitespace (newlines too) then another '"'.
      while (ok) {
        size_t j = i;
        while (j < text.size() && std::isspace(static_cast<unsigned char>(text[j]))) ++j;
        if (j >= text.size() || text[j] != '"') break;
        i = j + 1;
        ok = read_literal(text, i, piece);
        lit += piece;
      }
      if (ok) uses.push_back({file, line, lit});
      break;
    }
  }
  return uses;
}

std::vector<Use> scan_sources() {
  std::vector<Use> all;
  for (const char* dir :
       {"src/core", "src/io", "src/workspace", "src/ui", "src/kiosk", "src/app"}) {
    if (!fs::is_directory(fs::path(BIODASH_SOURCE_DIR) / dir)) continue;
    for (const auto& e : fs::recursive_directory_iterator(fs::path(BIODASH_SOURCE_DIR) / dir)) {
      const std::string ext = e.path().extension().string();
      if (!e.is_regular_file() || (ext != ".cpp" && ext != ".hpp")) continue;
      std::ifstream f(e.path());
      std::stringstream ss;
      ss << f.rdbuf();
      for (Use& u : scan(e.path().lexically_relative(BIODASH_SOURCE_DIR).string(), ss.str()))
        all.push_back(std::move(u));
    }
  }
  return all;
}

// The printf conversions of a format string in order ("%zu", "%s", "%.0f"; "%%"
// skipped).
std::vector<std::string> conversions(std::string_view s) {
  std::vector<std::string> out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') continue;
    if (i + 1 < s.size() && s[i + 1] == '%') {
      ++i;
      continue;
    }
    size_t j = i + 1;
    while (j < s.size() &&
           std::string_view("-+ #0123456789.*hlzjt").find(s[j]) != std::string::npos)
      ++j;
    if (j < s.size()) out.emplace_back(s.substr(i, j - i + 1));
    i = j;
  }
  return out;
}

}  // namespace

TEST(I18n, ScannerFindsLiteralsAndSkipsLookAlikes) {
  const std::string src =
      "  ImGui::Text(\"%s\", tr(\"Layers\"));\n"
      "  // tr(\"In a comment\")\n"
      "  auto s = str(\"not ours\"); b = trid(\"Say \\\"hi\\\"\", \"id\");\n"
      "  x = tr(\"joined \"\n     \"text\"); // tr(\"trailing comment\")\n";
  const std::vector<Use> u = scan("x.cpp", src);
  ASSERT_EQ(u.size(), 3u);
  EXPECT_EQ(u[0].text, "Layers");
  EXPECT_EQ(u[0].line, 1);
  EXPECT_EQ(u[1].text, "Say \"hi\"");
  EXPECT_EQ(u[1].line, 3);
  EXPECT_EQ(u[2].text, "joined text");
  EXPECT_EQ(u[2].line, 4);
}

TEST(I18n, EveryLiteralInTheSourcesHasADutchEntry) {
  const std::vector<Use> uses = scan_sources();
  // The shell's own panels use tr(): an empty scan means the scan itself is
  // broken.
  ASSERT_GT(uses.size(), 20u);
  std::string missing;
  for (const Use& u : uses) {
    if (!dutch_of(u.text))
      missing += "\n  " + u.file + ":" + std::to_string(u.line) + ": \"" + u.text + "\"";
  }
  EXPECT_TRUE(missing.empty()) << "tr() literals without a Dutch entry in src/core/i18n.cpp:"
                               << missing;
}

TEST(I18n, DutchKeepsTheFormatConversions) {
  std::string bad;
  for (const auto& [en, nl] : dutch_entries()) {
    if (conversions(en) != conversions(nl))
      bad += "\n  \"" + std::string(en) + "\" -> \"" + std::string(nl) + "\"";
    if (nl.empty()) bad += "\n  empty Dutch text for \"" + std::string(en) + "\"";
  }
  EXPECT_TRUE(bad.empty()) << "Dutch texts whose printf conversions differ:" << bad;
  EXPECT_EQ(conversions("%zu of %s, 100%% %.1f"), (std::vector<std::string>{"%zu", "%s", "%.1f"}));
}

TEST(I18n, SwitchingLanguageRoundTrips) {
  set_language(Language::English);
  EXPECT_STREQ(tr("Layers"), "Layers");
  EXPECT_EQ(trid("Layers", "layers"), "Layers###layers");
  set_language(Language::Dutch);
  EXPECT_EQ(language(), Language::Dutch);
  EXPECT_STREQ(tr("Layers"), "Lagen");
  EXPECT_STREQ(tr("Species richness"), "Soortenrijkdom");
  EXPECT_EQ(trid("Layers", "layers"), "Lagen###layers");  // same ImGui id
  EXPECT_STREQ(tr("No such text in the table"), "No such text in the table");
  set_language(Language::English);
  EXPECT_STREQ(tr("Species richness"), "Species richness");

  Language l = Language::English;
  EXPECT_TRUE(parse_language("nl", l));
  EXPECT_EQ(l, Language::Dutch);
  EXPECT_STREQ(language_code(l), "nl");
  EXPECT_TRUE(parse_language("en", l));
  EXPECT_EQ(l, Language::English);
  EXPECT_FALSE(parse_language("de", l));
  EXPECT_EQ(l, Language::English);  // unchanged on failure
}
