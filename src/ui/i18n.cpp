#include "ui/i18n.hpp"

#include <atomic>
#include <string>
#include <unordered_map>

namespace biodash::ui {
namespace {

std::atomic<Language> g_language{Language::English};

// English -> Dutch. Keys are the exact English texts passed to tr() (format strings included:
// the Dutch text keeps the same conversions in the same order).
const std::unordered_map<std::string_view, const char*>& dutch() {
  static const std::unordered_map<std::string_view, const char*> table = {
      // ---- general ----
      {"Layers", "Lagen"},
      {"Open", "Openen"},
      {"Close", "Sluiten"},
      {"Cancel", "Annuleren"},
      {"Save", "Opslaan"},
      {"OK", "OK"},
      {"Apply", "Toepassen"},
      {"Clear", "Wissen"},
      {"Reset", "Herstellen"},
      {"Remove", "Verwijderen"},
      {"Add", "Toevoegen"},
      {"Search", "Zoeken"},
      {"Help", "Help"},
      {"Yes", "Ja"},
      {"No", "Nee"},
      {"None", "Geen"},
      {"All", "Alle"},
      {"Name", "Naam"},
      {"Value", "Waarde"},
      {"Path", "Pad"},
      {"File", "Bestand"},
      {"View", "Beeld"},
      {"Map", "Kaart"},
      {"Ready", "Gereed"},
      {"Loading…", "Bezig met laden…"},
      {"Working…", "Bezig…"},
      {"Language", "Taal"},
      {"English", "English"},
      {"Nederlands", "Nederlands"},
      // ---- window, menus ----
      {"biodash — Leiden demo", "biodash — Leidse demo"},
      {"Save view…", "Weergave opslaan…"},
      {"Open view…", "Weergave openen…"},
      {"Recent views", "Recente weergaven"},
      {"(no recent views)", "(geen recente weergaven)"},
      {"Clear recent views", "Recente weergaven wissen"},
      {"Quit", "Afsluiten"},
      {"Export", "Exporteren"},
      {"Map as PNG…", "Kaart als PNG…"},
      {"Table as CSV…", "Tabel als CSV…"},
      {"Table as GeoPackage…", "Tabel als GeoPackage…"},
      {"Site report…", "Gebiedsrapport…"},
      {"Fullscreen", "Volledig scherm"},
      {"Fit all layers", "Alle lagen in beeld"},
      {"Keyboard shortcuts", "Sneltoetsen"},
      {"Switch language (Ctrl+L)", "Taal wisselen (Ctrl+L)"},
      // ---- dialogs ----
      {"Save view", "Weergave opslaan"},
      {"Open view", "Weergave openen"},
      {"Export map", "Kaart exporteren"},
      {"Export table as CSV", "Tabel exporteren als CSV"},
      {"Export table as GeoPackage", "Tabel exporteren als GeoPackage"},
      {"Export site report", "Gebiedsrapport exporteren"},
      {"File path", "Bestandspad"},
      {"Width", "Breedte"},
      {"Height", "Hoogte"},
      {"Size", "Formaat"},
      {"Title", "Titel"},
      {"Custom", "Aangepast"},
      {"Overwrite", "Overschrijven"},
      {"This file already exists. Overwrite it?", "Dit bestand bestaat al. Overschrijven?"},
      {"Enter a file path.", "Vul een bestandspad in."},
      {"The folder does not exist.", "De map bestaat niet."},
      {"The file does not exist.", "Het bestand bestaat niet."},
      {"A PNG image, or a PDF page when the name ends in .pdf.",
       "Een PNG-afbeelding, of een PDF-pagina als de naam eindigt op .pdf."},
      {"Width and height must be between 16 and 16384 pixels.",
       "Breedte en hoogte moeten tussen 16 en 16384 pixels liggen."},
      {"Paths may be absolute or relative to the working folder.",
       "Paden zijn absoluut of relatief ten opzichte van de werkmap."},
      // ---- shell messages ----
      {"Saved view to %s", "Weergave opgeslagen in %s"},
      {"Opened view %s", "Weergave %s geopend"},
      {"Cannot save the view: %s", "Kan de weergave niet opslaan: %s"},
      {"Cannot open the view: %s", "Kan de weergave niet openen: %s"},
      {"Exported the map to %s (%d × %d pixels)", "Kaart geëxporteerd naar %s (%d × %d pixels)"},
      {"Exported %zu areas to %s", "%zu gebieden geëxporteerd naar %s"},
      {"Exported the site report to %s", "Gebiedsrapport geëxporteerd naar %s"},
      {"Export failed: %s", "Exporteren mislukt: %s"},
      {"Nothing to export yet: no thematic map has been computed.",
       "Nog niets te exporteren: er is nog geen thematische kaart berekend."},
      {"Select an area first (click it on the map).",
       "Selecteer eerst een gebied (klik erop op de kaart)."},
      {"Dropped %s", "Neergezet: %s"},
      {"Language: English", "Taal: Engels"},
      {"Language: Dutch", "Taal: Nederlands"},
      {"Cannot read the recent-views list %s: %s",
       "Kan de lijst met recente weergaven %s niet lezen: %s"},
      {"Choose the columns that hold the coordinates, date, taxon… and their CRS.",
       "Kies de kolommen met de coördinaten, datum, taxon… en hun coördinatenstelsel."},
      // ---- messages panel ----
      {"Messages", "Meldingen"},
      {"%zu errors", "%zu fouten"},
      {"1 error", "1 fout"},
      {"%zu warnings", "%zu waarschuwingen"},
      {"1 warning", "1 waarschuwing"},
      {"info", "info"},
      {"warning", "let op"},
      {"error", "fout"},
      {"Right-click a message to copy it", "Klik met rechts op een melding om die te kopiëren"},
      // ---- status bar ----
      {"(+%zu more)", "(+%zu meer)"},
      {"1 layer", "1 laag"},
      {"%zu layers", "%zu lagen"},
      {"%s features", "%s objecten"},
      {"%.0f fps", "%.0f fps"},
      {"Time: %s", "Tijd: %s"},
      {"Filter: %s", "Filter: %s"},
      {"Computing…", "Bezig met rekenen…"},
      // ---- site report ----
      {"Site report", "Gebiedsrapport"},
      {"Records per year", "Waarnemingen per jaar"},
      {"Top species", "Meest waargenomen soorten"},
      {"Species", "Soort"},
      {"Metrics", "Kengetallen"},
      {"Filter", "Filter"},
      {"no filter", "geen filter"},
      {"Generated by biodash", "Gemaakt met biodash"},
      // ---- analysis, filters, time bar, selection, before/after panels ----
      {"Analysis", "Analyse"},
      {"Filters", "Filters"},
      {"Metric", "Maat"},
      {"Add layer", "Laag toevoegen"},
      {"Quantile", "Kwantielen"},
      {"Equal interval", "Gelijke intervallen"},
      {"Natural breaks", "Natuurlijke grenzen"},
      {"Viridis (sequential)", "Viridis (opeenvolgend)"},
      {"Cividis (sequential)", "Cividis (opeenvolgend)"},
      {"Purple–orange (diverging)", "Paars–oranje (divergerend)"},
      {"Brown–teal (diverging)", "Bruin–blauwgroen (divergerend)"},
      {"%d classes", "%d klassen"},
      {"Cell edge", "Celzijde"},
      {"(choose a polygon layer)", "(kies een vlakkenlaag)"},
      {"Mark low effort below", "Weinig waarnemingen markeren onder"},
      {"Areas with fewer records under the filter are hatched: too few\nrecords to tell "
       "\"poor\" from \"unvisited\"",
       "Gebieden met minder waarnemingen binnen het filter worden gearceerd: te weinig\n"
       "waarnemingen om \"arm\" van \"niet bezocht\" te onderscheiden"},
      {"%s records in %s areas · %s", "%s waarnemingen in %s gebieden · %s"},
      {"computing…", "bezig met rekenen…"},
      {"loading…", "bezig met laden…"},
      {"No filter: all observations", "Geen filter: alle waarnemingen"},
      {"Active filters:", "Actieve filters:"},
      {"Clear all filters", "Alle filters wissen"},
      {"Remove this filter", "Dit filter verwijderen"},
      {"Search a species or group…", "Zoek een soort of soortgroep…"},
      {"type 2 letters or more", "typ 2 letters of meer"},
      {"no taxon matches", "geen taxon gevonden"},
      {"Taxon groups (none ticked = all)", "Soortgroepen (niets aangevinkt = alle)"},
      {"any quality", "elke kwaliteit"},
      {"casual and better", "los en beter"},
      {"needs ID and better", "determinatie nodig en beter"},
      {"research grade only", "alleen gevalideerd"},
      {"Observer id (Enter)", "Waarnemer-id (Enter)"},
      {"observer", "waarnemer"},
      {"any uncertainty", "elke onzekerheid"},
      {"max. uncertainty %.0f m", "max. onzekerheid %.0f m"},
      {"from (2019-04)", "van (2019-04)"},
      {"to (2020)", "t/m (2020)"},
      {"none loaded (add a CSV/DwC-A)", "niets geladen (voeg een CSV/DwC-A toe)"},
      {"Show only the records of a time window that you can slide and play",
       "Toon alleen de waarnemingen van een tijdvenster dat je kunt verschuiven en afspelen"},
      {"Playback speed: months per second", "Afspeelsnelheid: maanden per seconde"},
      {"%.1f mo/s", "%.1f mnd/s"},
      {"every year to", "elk jaar tot"},
      {"up to", "tot en met"},
      {"Click a feature on the map to see its attributes.",
       "Klik op een object op de kaart om de eigenschappen te zien."},
      {"Click an area on the map, or pick one:", "Klik op een gebied op de kaart, of kies er een:"},
      {"Find an area by name…", "Zoek een gebied op naam…"},
      {"Zoom to", "Inzoomen"},
      {"+ Compare", "+ Vergelijken"},
      {"Compare areas", "Gebieden vergelijken"},
      {"Records from", "Waarnemingen van"},
      {"Low effort: too few records to judge this area.",
       "Weinig waarnemingen: te weinig om dit gebied te beoordelen."},
      {"low effort (too few records)", "te weinig waarnemingen"},
      {"Records and species per year", "Waarnemingen en soorten per jaar"},
      {"Rarefaction curve", "Verdunningscurve"},
      {"expected species", "verwachte soorten"},
      {"at m =", "bij m ="},
      {"rarefied", "verdund"},
      {"obs.-days", "waarn.-dagen"},
      {"Scientific name", "Wetenschappelijke naam"},
      {"Before / after", "Voor / na"},
      {"Impact before", "Ingreep voor"},
      {"Impact after", "Ingreep na"},
      {"Control before", "Controle voor"},
      {"Control after", "Controle na"},
      {"Control:", "Controle:"},
      {"BACI contrast:", "BACI-contrast:"},
      {"(impact after − before) − (control after − before).\nThe rarefied contrast is fair "
       "when effort changed.",
       "(ingreep na − voor) − (controle na − voor).\nHet verdunde contrast is eerlijk als de "
       "zoekinspanning veranderde."},
      {"impact species", "soorten ingreep"},
      {"control species", "soorten controle"},
      {"Needs observations and LBSP impact and control layers (as in the demo).",
       "Vereist waarnemingen en LBSP-lagen met ingreep- en controlegebieden (zoals in de demo)."},
      {"No measure with a date (carried_out) and controls found.",
       "Geen maatregel met een datum (carried_out) en controlegebieden gevonden."},
      {"Set impact and control areas under Before / after first",
       "Stel eerst ingreep- en controlegebieden in onder Voor / na"},
      {"Polderlab: species per year by treatment", "Polderlab: soorten per jaar per behandeling"},
      {"control", "controle"},
      {"shallow rewetting", "ondiepe vernatting"},
      {"deep rewetting", "diepe vernatting"},
      {"1 month", "1 maand"},
      {"3 months", "3 maanden"},
      {"6 months", "6 maanden"},
      {"1 year", "1 jaar"},
      {"2 years", "2 jaar"},
      {"5 years", "5 jaar"},
      {"Jan", "jan"},
      {"Feb", "feb"},
      {"Mar", "mrt"},
      {"Apr", "apr"},
      {"May", "mei"},
      {"Jun", "jun"},
      {"Jul", "jul"},
      {"Aug", "aug"},
      {"Sep", "sep"},
      {"Oct", "okt"},
      {"Nov", "nov"},
      {"Dec", "dec"},
      {"Colour by taxon group", "Kleur per soortgroep"},
      {"One colour per taxon group (colour-blind-aware palette); groups hidden by the taxon "
       "group filter are not drawn",
       "Eén kleur per soortgroep (kleurenblindvriendelijk palet); soortgroepen die het "
       "soortgroepfilter verbergt, worden niet getekend"},
      {"Heatmap", "Dichtheidskaart"},
      {"Density of the points (same time window and filters) instead of dots",
       "Dichtheid van de waarnemingen (zelfde tijdvenster en filters) in plaats van stippen"},
      {"radius %.0f px", "straal %.0f px"},
      {"Count", "Aantal"},
      {"Date", "Datum"},
      {"Uncertainty", "Onzekerheid"},
      {"row", "rij"},
      {"before", "voor"},
      {"after", "na"},
      {"Δ species", "Δ soorten"},
      // taxon groups (Taxon::group values of the demo and GBIF downloads)
      {"amphibians", "amfibieën"},
      {"arachnids", "spinachtigen"},
      {"birds", "vogels"},
      {"fish", "vissen"},
      {"fungi", "paddenstoelen"},
      {"insects", "insecten"},
      {"lichens", "korstmossen"},
      {"mammals", "zoogdieren"},
      {"molluscs", "weekdieren"},
      {"mosses", "mossen"},
      {"plants", "planten"},
      {"vascular plants", "vaatplanten"},
      {"reptiles", "reptielen"},
      {"other", "overig"},
      // ---- keyboard shortcuts (shell_shortcuts(), shown in the Selection panel's help) ----
      {"Add a layer (focus the path field)", "Laag toevoegen (naar het padveld)"},
      {"Switch language", "Taal wisselen"},
      {"Clear the selection", "Selectie opheffen"},
      // ---- metrics and ecology vocabulary (core metric titles and units) ----
      {"Records", "Waarnemingen"},
      {"records", "waarnemingen"},
      {"Species richness", "Soortenrijkdom"},
      {"species", "soorten"},
      {"Shannon diversity", "Shannon-diversiteit"},
      {"Shannon index", "Shannon-index"},
      {"Simpson diversity", "Simpson-diversiteit"},
      {"Simpson index", "Simpson-index"},
      {"Chao1 richness", "Chao1-soortenrijkdom"},
      {"Chao1 richness estimate", "Chao1-schatting soortenrijkdom"},
      {"species (estimated)", "soorten (geschat)"},
      {"Chao1 estimate", "Chao1-schatting"},
      {"Rarefied richness", "Verdunde soortenrijkdom"},
      {"Observers", "Waarnemers"},
      {"observers", "waarnemers"},
      {"Days", "Dagen"},
      {"days", "dagen"},
      {"Observation days", "Waarnemingsdagen"},
      {"BACI contrast", "BACI-contrast"},
      {"First record", "Eerste waarneming"},
      {"Last record", "Laatste waarneming"},
      {"low effort", "weinig waarnemingen"},
      {"no data", "geen gegevens"},
      {"Observations", "Waarnemingen"},
      {"observations", "waarnemingen"},
      {"Taxon", "Taxon"},
      {"Taxon group", "Soortgroep"},
      {"Taxon groups", "Soortgroepen"},
      {"Quality", "Kwaliteit"},
      {"research grade", "gevalideerd"},
      {"needs ID", "determinatie nodig"},
      {"casual", "los"},
      {"Observer", "Waarnemer"},
      {"Coordinate uncertainty", "Coördinaatonzekerheid"},
      {"Site", "Gebied"},
      {"Sites", "Gebieden"},
      {"Plot", "Proefvlak"},
      {"Plots", "Proefvlakken"},
      {"Neighbourhood", "Buurt"},
      {"District", "Wijk"},
      {"Municipality", "Gemeente"},
      {"Hex cell", "Hexagoncel"},
      {"Hex grid", "Hexagonraster"},
      {"Area", "Gebied"},
      {"Areas", "Gebieden"},
      {"Impact", "Ingreep"},
      {"Control", "Controle"},
      {"Before", "Voor"},
      {"After", "Na"},
      {"Treatment", "Behandeling"},
      {"Time", "Tijd"},
      {"Window", "Venster"},
      {"Cumulative", "Cumulatief"},
      {"Seasonal", "Seizoensgebonden"},
      {"Play", "Afspelen"},
      {"Pause", "Pauzeren"},
      {"From", "Van"},
      {"To", "Tot en met"},
      {"Legend", "Legenda"},
      {"Selection", "Selectie"},
      {"Compare", "Vergelijken"},
  };
  return table;
}

}  // namespace

void set_language(Language l) {
  g_language.store(l);
}
Language language() {
  return g_language.load();
}
const char* language_code(Language l) {
  return l == Language::Dutch ? "nl" : "en";
}
bool parse_language(std::string_view code, Language& out) {
  if (code == "en") {
    out = Language::English;
    return true;
  }
  if (code == "nl") {
    out = Language::Dutch;
    return true;
  }
  return false;
}

const char* dutch_of(std::string_view english) {
  const auto& t = dutch();
  auto it = t.find(english);
  return it == t.end() ? nullptr : it->second;
}

std::vector<std::pair<std::string_view, std::string_view>> dutch_entries() {
  std::vector<std::pair<std::string_view, std::string_view>> out;
  for (const auto& [en, nl] : dutch()) out.emplace_back(en, nl);
  return out;
}

const char* tr(const char* english) {
  if (g_language.load() != Language::Dutch) return english;
  const char* nl = dutch_of(english);
  return nl ? nl : english;
}

std::string trid(const char* english, const char* id) {
  return std::string(tr(english)) + "###" + id;
}

}  // namespace biodash::ui
