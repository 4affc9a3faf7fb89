// The tariff table (takster): every fee of general practice with its settlement flags.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "praksis/core/money.hpp"

namespace praksis {

/// What a tariff row pays for.
enum class ServiceKind : std::uint8_t {
  basic,       // basishonorar per listed patient-month (rule E1); exactly one row, never claimed
  contact,     // a GP contact (konsultation, e-konsultation, sygebesøg, ...): one per contact
  additional,  // a tillægsydelse claimed with a contact (blood sample, ECG, vaccination, ...)
};
inline constexpr std::string_view kServiceKindNames[] = {"basic", "contact", "additional"};

/// One row of the tariff table (ydelse).
struct Service {
  std::string code;  // ydelseskode, as claimed
  std::string name;
  Money fee;  // per unit (per patient-month for the basic row)
  ServiceKind kind = ServiceKind::contact;
  bool counts_toward_cap = false;  // part of the ydelseshonorar the højestegrænse limits (E4)
  bool replaced_by_chronic_fee = false;  // not paid for a chronic patient of the clinic (E2)
  bool in_frame = true;  // covered by the economic frame (E5); local agreements are not
};

/// The tariff table. Loaded from CSV (docs/economy.md describes the columns); the default table is
/// data/tariffs.csv compiled into the library.
class TariffTable {
 public:
  static constexpr std::string_view kHeader =
      "code,name,fee_kr,kind,counts_toward_cap,replaced_by_chronic_fee,in_frame";

  /// Parses and validates a table; throws InputError with file:line:column (field) and reason.
  static TariffTable parse(std::string_view csv_text, std::string source);
  static TariffTable load(const std::filesystem::path& path);
  /// data/tariffs.csv as compiled into the library.
  static TariffTable embedded();
  /// `path` when given, else the embedded table.
  static TariffTable load_or_embedded(const std::string& path);

  const std::vector<Service>& services() const { return services_; }
  const Service& operator[](std::size_t i) const { return services_[i]; }
  std::size_t size() const { return services_.size(); }
  std::optional<std::size_t> find(std::string_view code) const;
  /// Position of the basishonorar row.
  std::size_t basic_index() const { return basic_; }
  Money basic_fee_per_month() const { return services_[basic_].fee; }
  /// Where the table came from (file path or "data/tariffs.csv (embedded)").
  const std::string& source() const { return source_; }
  /// The table in canonical CSV form (parse(to_csv()) reproduces it).
  std::string to_csv() const;

  /// Changes a fee (scenarios); `i` must be a valid position.
  void set_fee(std::size_t i, Money fee) { services_[i].fee = fee; }

 private:
  std::vector<Service> services_;
  std::size_t basic_ = 0;
  std::string source_;
};

std::string_view to_string(ServiceKind k);

}  // namespace praksis
