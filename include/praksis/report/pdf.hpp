// The report as PDF: headless Chromium prints the HTML report (its A4 print stylesheet).
#pragma once

#include <filesystem>
#include <optional>

namespace praksis {

/// The headless browser that prints PDFs: $PRAKSIS_CHROMIUM when set, else the first of
/// chromium, chromium-browser, google-chrome on PATH; nullopt when there is none.
std::optional<std::filesystem::path> find_chromium();

/// find_chromium()'s browser, or Error naming what to install.
std::filesystem::path require_chromium();

/// Prints `html` to `pdf` (A4, no header or footer) with find_chromium()'s browser. The PDF is
/// written beside `pdf` and renamed into place, so a failure leaves `pdf` as it was. Throws Error
/// naming what to install when there is no browser, and with the browser's output when it fails.
void print_to_pdf(const std::filesystem::path& html, const std::filesystem::path& pdf);

}  // namespace praksis
