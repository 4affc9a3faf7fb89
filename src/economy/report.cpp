// Writing report tables as text, CSV and JSON.
#include "praksis/economy/report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "praksis/core/error.hpp"
#include "praksis/core/text_table.hpp"

namespace praksis {

namespace {

/// A decimal number written by Money/Rate ("-1234.56") as `lang` writes it: thousands grouped,
/// Danish decimal comma.
std::string localized_decimal(const std::string& s, Lang lang) {
  const bool neg = !s.empty() && s[0] == '-';
  const auto dot = s.find('.');
  const std::string whole =
      s.substr(neg ? 1 : 0, (dot == std::string::npos ? s.size() : dot) - (neg ? 1 : 0));
  std::string out = format_integer(std::stoll(whole), lang);
  if (dot != std::string::npos) out += (lang == Lang::da ? "," : ".") + s.substr(dot + 1);
  return (neg ? "-" : "") + out;
}

std::string text_of(const Cell& c, CellKind k, Lang lang) {
  switch (k) {
    case CellKind::text:
      return std::get<std::string>(c);
    case CellKind::integer:
      return format_integer(std::get<std::int64_t>(c), lang);
    case CellKind::code:
      return std::to_string(std::get<std::int64_t>(c));
    case CellKind::money:
      return format_money(std::get<Money>(c), lang);
    case CellKind::share:
      return format_share(std::get<Rate>(c), 2, lang);
    case CellKind::factor:
      return localized_decimal(std::get<Rate>(c).to_string(6), lang);
  }
  return {};
}

std::int64_t to_millionths(Rate r) {
  return (r.ppb >= 0 ? r.ppb + 500 : r.ppb - 500) / 1000;
}

bool right_aligned(CellKind k) {
  return k != CellKind::text;
}

}  // namespace

std::string format_money(Money m, Lang lang) {
  return localized_decimal(m.to_kr_string(), lang);
}

std::string format_share(Rate r, int decimals, Lang lang) {
  return localized_decimal(Rate{r.ppb * 100}.to_string(decimals), lang) + " %";
}

void write_text(std::ostream& out, const std::vector<ReportTable>& tables, Lang lang) {
  bool first = true;
  for (const auto& t : tables) {
    if (!first) out << "\n";
    first = false;
    if (!t.title.empty()) out << t.title << "\n";
    if (t.vertical) {
      // A one-row table as "heading  value" lines: the same grid, without its headings.
      TextTable pairs({{"", TextTable::Align::left}, {"", TextTable::Align::left}});
      for (const auto& r : t.rows) {
        for (std::size_t i = 0; i < t.columns.size(); ++i)
          pairs.row({t.columns[i].heading(), text_of(r[i], t.columns[i].kind, lang)});
      }
      out << pairs.str(false, "  ");
      continue;
    }
    // The one grid layout of the terminal (core/TextTable): headings over aligned columns.
    std::vector<std::pair<std::string, TextTable::Align>> cols;
    for (const auto& c : t.columns)
      cols.emplace_back(c.heading(),
                        right_aligned(c.kind) ? TextTable::Align::right : TextTable::Align::left);
    TextTable grid(std::move(cols));
    for (const auto& r : t.rows) {
      std::vector<std::string> line;
      for (std::size_t i = 0; i < t.columns.size(); ++i)
        line.push_back(text_of(r[i], t.columns[i].kind, lang));
      grid.row(std::move(line));
    }
    out << grid.str();
  }
}

ReportTable& ReportTable::labelled(std::string_view key, CellKind k, Lang lang) {
  const auto dot = key.rfind('.');
  return column(std::string(dot == std::string_view::npos ? key : key.substr(dot + 1)), k,
                std::string(text(key, lang)));
}

void label_columns(ReportTable& t, std::string_view prefix, Lang lang) {
  for (auto& c : t.columns) c.label = std::string(text(std::string(prefix) + c.name, lang));
}

void write_csv(CsvWriter& out, const ReportTable& t, CsvDialect dialect) {
  std::vector<std::string_view> head;
  for (const auto& c : t.columns)
    head.push_back(dialect == CsvDialect::danish ? c.heading() : c.name);
  out.header(head);
  for (const auto& r : t.rows) {
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
      switch (t.columns[i].kind) {
        case CellKind::text:
          out.text(std::get<std::string>(r[i]));
          break;
        case CellKind::integer:
        case CellKind::code:
          out.integer(std::get<std::int64_t>(r[i]));
          break;
        case CellKind::money:
          out.fixed(std::get<Money>(r[i]).ore, 2);
          break;
        case CellKind::share:
        case CellKind::factor:
          out.fixed(to_millionths(std::get<Rate>(r[i])), 6);
          break;
      }
    }
    out.end_row();
  }
}

std::string to_json(const std::vector<ReportTable>& tables) {
  nlohmann::ordered_json root = nlohmann::ordered_json::object();
  for (const auto& t : tables) {
    auto row_json = [&](const std::vector<Cell>& r) {
      nlohmann::ordered_json o = nlohmann::ordered_json::object();
      for (std::size_t i = 0; i < t.columns.size(); ++i) {
        const auto& name = t.columns[i].name;
        switch (t.columns[i].kind) {
          case CellKind::text:
            o[name] = std::get<std::string>(r[i]);
            break;
          case CellKind::integer:
          case CellKind::code:
            o[name] = std::get<std::int64_t>(r[i]);
            break;
          case CellKind::money:
            o[name] = std::get<Money>(r[i]).to_kr_string();
            break;
          case CellKind::share:
          case CellKind::factor:
            o[name] = std::get<Rate>(r[i]).to_double();
            break;
        }
      }
      return o;
    };
    if (t.vertical && t.rows.size() == 1) {
      root[t.name] = row_json(t.rows[0]);
    } else {
      auto arr = nlohmann::ordered_json::array();
      for (const auto& r : t.rows) arr.push_back(row_json(r));
      root[t.name] = std::move(arr);
    }
  }
  return root.dump(2) + "\n";
}

}  // namespace praksis
