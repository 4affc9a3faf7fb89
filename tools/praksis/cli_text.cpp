// The command line in the reader's language: option help and CLI11's own words from the catalogue.
#include "cli_text.hpp"

#include <memory>
#include <regex>
#include <string_view>

namespace praksis::cli {
namespace cli_text {

std::string key_name(std::string name) {
  for (char& c : name)
    if (c == '-') c = '_';
  return name;
}

/// An option's name in its key: its first long name, else its short name, else its positional name.
std::string option_name(const CLI::Option& o) {
  if (!o.get_lnames().empty()) return key_name(o.get_lnames().front());
  if (!o.get_snames().empty()) return key_name(o.get_snames().front());
  return key_name(o.get_name(true, false));  // a positional
}

/// The catalogue text of an option's help in `lang`: the command's own key, else the shared one.
std::optional<std::string_view> option_text(const std::string& command, const CLI::Option& o,
                                            Lang lang) {
  const std::string name = option_name(o);
  if (!command.empty())
    if (auto t = find_text("cli.opt." + command + "." + name, lang)) return t;
  return find_text("cli.opt." + name, lang);
}

/// A type name ("TEXT", "INT:INT in [1 - 64]", "TEXT:FILE", "TEXT:{da,en}") with CLI11's words in
/// `lang`; the values of a set stay as they are.
std::string type_name(std::string name, Lang lang) {
  if (lang == Lang::en) return name;
  static const std::regex word(R"(\b(TEXT|INT|UINT|FLOAT|NUMBER|FILE|DIR|PATH|BOOLEAN)\b| in \[)");
  std::string out;
  std::size_t depth = 0, from = 0;
  auto it = std::sregex_iterator(name.begin(), name.end(), word);
  for (; it != std::sregex_iterator(); ++it) {
    const auto pos = static_cast<std::size_t>(it->position());
    for (std::size_t i = from; i < pos; ++i) depth += name[i] == '{' ? 1 : name[i] == '}' ? -1 : 0;
    out.append(name, from, pos - from);
    from = pos + static_cast<std::size_t>(it->length());
    const std::string w = it->str();
    if (depth > 0) {
      out += w;  // a value of a set ({FILE,DIR}) is what the user types
      continue;
    }
    out += w == " in [" ? std::string(" i [") : std::string(text("cli.type." + w, lang));
  }
  out.append(name, from, std::string::npos);
  return out;
}

/// CLI11's help formatter with its labels and type names in the reader's language.
class Formatter : public CLI::Formatter {
 public:
  explicit Formatter(Lang lang) : lang_(lang) {
    if (lang == Lang::en) return;
    for (const char* l : {"Usage", "OPTIONS", "SUBCOMMAND", "SUBCOMMANDS", "REQUIRED",
                          "Positionals", "Env", "Needs", "Excludes"})
      label(l, std::string(text(std::string("cli.label.") + l, lang)));
  }
  std::string make_option_opts(const CLI::Option* opt) const override {
    // CLI11's own layout, with the type name in the reader's language.
    std::string out;
    if (!opt->get_option_text().empty()) return " " + opt->get_option_text();
    if (opt->get_type_size() != 0) {
      if (!opt->get_type_name().empty()) out += " " + type_name(opt->get_type_name(), lang_);
      if (!opt->get_default_str().empty()) out += "=" + opt->get_default_str();
      if (opt->get_expected_max() == CLI::detail::expected_max_vector_size)
        out += " ...";
      else if (opt->get_expected_min() > 1)
        out += " x " + std::to_string(opt->get_expected());
      if (opt->get_required()) out += " " + get_label("REQUIRED");
    }
    if (!opt->get_needs().empty()) {
      out += " " + get_label("Needs") + ":";
      for (const CLI::Option* op : opt->get_needs()) out += " " + op->get_name();
    }
    if (!opt->get_excludes().empty()) {
      out += " " + get_label("Excludes") + ":";
      for (const CLI::Option* op : opt->get_excludes()) out += " " + op->get_name();
    }
    return out;
  }

 private:
  Lang lang_;
};

void localize_app(CLI::App& app, const std::string& command, Lang lang,
                  const std::shared_ptr<Formatter>& formatter, const std::string& options_group) {
  app.formatter(formatter);
  for (CLI::Option* o : app.get_options()) {
    if (auto t = option_text(command, *o, lang)) o->description(std::string(*t));
    if (o->get_group() == "Options") o->group(options_group);
  }
  for (CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    if (sub->get_name().empty()) {  // an option group: its options are the command's
      localize_app(*sub, command, lang, formatter, options_group);
      continue;
    }
    const std::string name = command.empty() ? sub->get_name() : command + "." + sub->get_name();
    if (auto t = find_text("cli.cmd." + name, lang)) sub->description(std::string(*t));
    if (sub->get_group() == "Subcommands")
      sub->group(std::string(text("cli.group.commands", lang)));
    localize_app(*sub, key_name(name), lang, formatter, options_group);
  }
}

void collect_missing(const CLI::App& app, const std::string& command,
                     std::vector<std::string>& out) {
  for (const CLI::Option* o : app.get_options()) {
    const std::string name = option_name(*o);
    const bool da = option_text(command, *o, Lang::da).has_value();
    const bool en = option_text(command, *o, Lang::en).has_value();
    if (da && en) continue;
    const std::string key = command.empty() ? "cli.opt." + name : "cli.opt." + command + "." + name;
    out.push_back(key + "\t" + (da ? "en" : en ? "da" : "da+en") + "\t" + o->get_description());
  }
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    if (sub->get_name().empty()) {  // an option group: its options are the command's
      collect_missing(*sub, command, out);
      continue;
    }
    if (sub->get_group().empty()) continue;  // hidden: the developers' own commands
    const std::string name = command.empty() ? sub->get_name() : command + "." + sub->get_name();
    const std::string key = "cli.cmd." + name;
    const bool da = find_text(key, Lang::da).has_value(), en = find_text(key, Lang::en).has_value();
    if (!(da && en))
      out.push_back(key + "\t" + (da ? "en" : en ? "da" : "da+en") + "\t" + sub->get_description());
    collect_missing(*sub, key_name(name), out);
  }
}

/// `what` matched against `pattern`: the groups, or nothing.
std::optional<std::smatch> match(const std::string& what, const char* pattern) {
  std::smatch m;
  if (std::regex_match(what, m, std::regex(pattern))) return m;
  return std::nullopt;
}

/// A validator's complaint (CLI11's words after "--option: ") in Danish.
std::string validator_text(const std::string& what) {
  if (auto m = match(what, R"(File does not exist: (.*))"))
    return textf("cli.parse.no_file", Lang::da, (*m)[1].str());
  if (auto m = match(what, R"(Directory does not exist: (.*))"))
    return textf("cli.parse.no_dir", Lang::da, (*m)[1].str());
  if (auto m = match(what, R"(File is actually a directory: (.*))"))
    return textf("cli.parse.is_dir", Lang::da, (*m)[1].str());
  if (auto m = match(what, R"(Directory is actually a file: (.*))"))
    return textf("cli.parse.is_file", Lang::da, (*m)[1].str());
  if (auto m = match(what, R"(Value (.*) not in range (\S+) to (\S+))"))
    return textf("cli.parse.range", Lang::da, (*m)[1].str(), (*m)[2].str(), (*m)[3].str());
  if (auto m = match(what, R"((.*) not in (\{.*\}))"))
    return textf("cli.parse.not_member", Lang::da, (*m)[1].str(), (*m)[2].str());
  if (auto m = match(what, R"(Failed parsing (.*) as a (.*))"))
    return textf("cli.parse.not_number", Lang::da, (*m)[1].str(),
                 type_name((*m)[2].str(), Lang::da));
  if (auto m = match(what, R"(Value (.*) could not be converted.*)"))
    return textf("cli.parse.not_value", Lang::da, (*m)[1].str());
  return what;
}

template <class T>
bool is(const CLI::Error& e) {
  return dynamic_cast<const T*>(&e) != nullptr;  // the class: CLI11 names some errors by the app
}

std::string danish(const CLI::Error& e) {
  const std::string what = e.what();
  if (is<CLI::RequiredError>(e)) {
    if (what == "A subcommand is required")
      return std::string(text("cli.parse.no_command", Lang::da));
    if (auto m = match(what, R"((.*) is required)"))
      return textf("cli.parse.required", Lang::da, (*m)[1].str());
  } else if (is<CLI::ExtrasError>(e)) {
    if (auto m = match(what, R"(The following arguments? (?:was|were) not expected: (.*))"))
      return textf("cli.parse.extras", Lang::da, (*m)[1].str());
  } else if (is<CLI::ConversionError>(e)) {
    if (auto m = match(what, R"(Could not convert: (.*) = (.*))"))
      return textf("cli.parse.convert", Lang::da, (*m)[1].str(), (*m)[2].str());
    if (auto m = match(what, R"(The value (.*) is not an allowed value for (.*))"))
      return textf("cli.parse.convert", Lang::da, (*m)[2].str(), (*m)[1].str());
    if (auto m =
            match(what, R"((.*): (?:too many inputs for a flag|Should be true/false or a number))"))
      return textf("cli.parse.flag_value", Lang::da, (*m)[1].str());
  } else if (is<CLI::ValidationError>(e)) {
    if (auto m = match(what, R"((-[^:]*|[A-Za-z_][^: ]*): (.*))"))
      return (*m)[1].str() + ": " + validator_text((*m)[2].str());
    return validator_text(what);
  } else if (is<CLI::ArgumentMismatch>(e)) {
    if (auto m = match(what, R"((.*): \d+ required (.*) missing)"))
      return textf("cli.parse.value_missing", Lang::da, (*m)[1].str(),
                   type_name((*m)[2].str(), Lang::da));
    if (auto m = match(what, R"(Expected (?:exactly|at least) (\d+) arguments to (.*), got (\d+))"))
      return textf("cli.parse.count", Lang::da, (*m)[2].str(), (*m)[1].str(), (*m)[3].str());
    if (auto m = match(what, R"((.*): At (?:least|Most) (\d+) required but received (\d+))"))
      return textf("cli.parse.count", Lang::da, (*m)[1].str(), (*m)[2].str(), (*m)[3].str());
    if (auto m = match(what, R"((.*) was given a disallowed flag override)"))
      return textf("cli.parse.flag_value", Lang::da, (*m)[1].str());
  } else if (is<CLI::RequiresError>(e)) {
    if (auto m = match(what, R"((.*) requires (.*))"))
      return textf("cli.parse.requires", Lang::da, (*m)[1].str(), (*m)[2].str());
  } else if (is<CLI::ExcludesError>(e)) {
    if (auto m = match(what, R"((.*) excludes (.*))"))
      return textf("cli.parse.excludes", Lang::da, (*m)[1].str(), (*m)[2].str());
  } else if (is<CLI::FileError>(e)) {
    if (auto m = match(what, R"((.*) was not readable \(missing\?\))"))
      return textf("cli.parse.unreadable", Lang::da, (*m)[1].str());
  }
  return textf("cli.parse.other", Lang::da, what);
}

}  // namespace cli_text

std::string option_key(const std::string& command, const CLI::Option& option) {
  const std::string name = cli_text::option_name(option);
  return command.empty() ? "cli.opt." + name
                         : "cli.opt." + cli_text::key_name(command) + "." + name;
}

void localize(CLI::App& app, Lang lang) {
  cli_text::localize_app(app, "", lang, std::make_shared<cli_text::Formatter>(lang),
                         std::string(text("cli.group.options", lang)));
}

std::vector<std::string> missing_texts(const CLI::App& app) {
  std::vector<std::string> out;
  cli_text::collect_missing(app, "", out);
  return out;
}

std::string parse_error_text(const CLI::Error& e, Lang lang) {
  const std::string said = lang == Lang::en ? std::string(e.what()) : cli_text::danish(e);
  return std::string(text("cli.error", lang)) + said + "\n" +
         std::string(text("cli.parse.see_help", lang)) + "\n";
}

}  // namespace praksis::cli
