#pragma once
// The UI in English and Dutch, switchable at runtime. Every user-visible string goes through
// tr() with its English text as the key: tr("Layers") is "Layers" in English and "Lagen" in
// Dutch. ImGui widget labels keep a stable id across languages with "###id":
//   ImGui::Button((std::string(tr("Open")) + "###open").c_str())   or  trid("Open", "open").
// Format strings are keys too: snprintf(buf, n, tr("%zu layers"), n) (the Dutch text keeps the
// same conversions in the same order).
// The Dutch table lives in i18n.cpp; tests/app/i18n_test.cpp checks that every tr("...") /
// trid("...", ...) literal under src/ui and src/app has a Dutch entry.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace biodash::ui {

enum class Language { English, Dutch };
void set_language(Language l);
Language language();
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

}  // namespace biodash::ui
