// Writing report tables as text, CSV and JSON.
#include "praksis/economy/report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "praksis/core/error.hpp"

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

/// Characters as a terminal counts them: UTF-8 code points.
std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char ch : s) n += (ch & 0xC0) != 0x80;
  return n;
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
      std::size_t w = 0;
      for (const auto& c : t.columns) w = std::max(w, code_points(c.heading()));
      for (const auto& r : t.rows) {
        for (std::size_t i = 0; i < t.columns.size(); ++i) {
          const std::string& h = t.columns[i].heading();
          out << "  " << h << std::string(w - code_points(h) + 2, ' ')
              << text_of(r[i], t.columns[i].kind, lang) << "\n";
        }
      }
      continue;
    }
    std::vector<std::size_t> width(t.columns.size());
    std::vector<std::vector<std::string>> cells;
    for (std::size_t i = 0; i < t.columns.size(); ++i)
      width[i] = code_points(t.columns[i].heading());
    for (const auto& r : t.rows) {
      auto& line = cells.emplace_back();
      for (std::size_t i = 0; i < t.columns.size(); ++i) {
        line.push_back(text_of(r[i], t.columns[i].kind, lang));
        width[i] = std::max(width[i], code_points(line.back()));
      }
    }
    auto emit = [&](const std::vector<std::string>& line, bool header) {
      std::string s = " ";
      for (std::size_t i = 0; i < line.size(); ++i) {
        const bool right = !header && right_aligned(t.columns[i].kind);
        // Width counts code points: Danish letters take two bytes.
        const std::size_t cps = code_points(line[i]);
        const std::size_t pad = width[i] > cps ? width[i] - cps : 0;
        s += " ";
        s += right ? std::string(pad, ' ') + line[i] : line[i] + std::string(pad, ' ');
      }
      while (!s.empty() && s.back() == ' ') s.pop_back();
      out << s << "\n";
    };
    std::vector<std::string> head;
    for (const auto& c : t.columns) head.push_back(c.heading());
    emit(head, true);
    for (const auto& line : cells) emit(line, false);
  }
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
