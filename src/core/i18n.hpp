#pragma once
// The UI in English and Dutch, switchable at runtime. Every user-visible string goes through
// tr() with its English text as the key: tr("Layers") is "Layers" in English and "Lagen" in
// Dutch. ImGui widget labels keep a stable id across languages with "###id":
//   ImGui::Button((std::string(tr("Open")) + "###open").c_str())   or  trid("Open", "open").
// Format strings are keys too: snprintf(buf, n, tr("%zu layers"), n) (the Dutch text keeps the
// same conversions in the same order).
// The Dutch table lives in i18n.cpp; tests/app/i18n_test.cpp checks that every tr("...") /
// trid("...", ...) literal under src/ has a Dutch entry. It lives in core because the words
// of a legend are part of the one thematic recipe (core/thematic.hpp), which runs on workers:
// a LanguageScope there fixes the language for that thread whatever the UI switches to.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace biodash {

enum class Language { English, Dutch };
void set_language(Language l);  // the UI language (all threads without a LanguageScope)
// The language tr() uses on this thread: the innermost LanguageScope's, else the UI language.
Language language();

// While alive, tr() on this thread translates into `l` (workers computing a legend in the
// language of the state they were given). Nests; not movable.
class LanguageScope {
 public:
  explicit LanguageScope(Language l);
  ~LanguageScope();
  LanguageScope(const LanguageScope&) = delete;
  LanguageScope& operator=(const LanguageScope&) = delete;

 private:
  int previous_;  // the enclosing scope's language (-1: none)
};
const char* language_code(Language l);  // "en", "nl"
bool parse_language(std::string_view code, Language& out);

// The text of `english` in the current language (the key itself when untranslated; pointer
// valid for the program's lifetime).
const char* tr(const char* english);
// tr(english) + "###" + id: a label whose ImGui id does not change with the language.
std::string trid(const char* english, const char* id);
// The Dutch text of `english`, or null when the table has none (tests, tools).
const char* dutch_of(std::string_view english);
// Every (English, Dutch) pair of the table (tests: format conversions must match).
std::vector<std::pair<std::string_view, std::string_view>> dutch_entries();

}  // namespace biodash
