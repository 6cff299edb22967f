// The KVIs' names and the default settings (the 2018 framework's, and the
// 2020 scorecard's own KVIs).
#include <slaclock/kvi/scorecard.h>

namespace slaclock {

const char* kvi_key(KviId id) noexcept {
  switch (id) {
    case KviId::issue_resolution:
      return "issue_resolution";
    case KviId::change_management:
      return "change_management";
    case KviId::relationship_management:
      return "relationship_management";
    case KviId::customer_data_security:
      return "customer_data_security";
    case KviId::data_services:
      return "data_services";
    case KviId::service_delivery:
      return "service_delivery";
    case KviId::financial_reporting:
      return "financial_reporting";
    case KviId::customer_issue_resolution:
      return "customer_issue_resolution";
    case KviId::communication:
      return "communication";
  }
  return "";
}

std::optional<KviId> parse_kvi_id(std::string_view key) noexcept {
  for (KviId id : every_kvi)
    if (key == kvi_key(id)) return id;
  return std::nullopt;
}

const char* kvi_title(KviId id) noexcept {
  switch (id) {
    case KviId::issue_resolution:
      return "Issue Resolution";
    case KviId::change_management:
      return "Change Management";
    case KviId::relationship_management:
      return "Relationship Management";
    case KviId::customer_data_security:
      return "Customer Data Security";
    case KviId::data_services:
      return "Data Services";
    case KviId::service_delivery:
      return "Service Delivery";
    case KviId::financial_reporting:
      return "Financial Reporting";
    case KviId::customer_issue_resolution:
      return "Customer Issue Resolution";
    case KviId::communication:
      return "Communication";
  }
  return "";
}

const char* frequency_name(ReportingFrequency f) noexcept {
  switch (f) {
    case ReportingFrequency::monthly:
      return "monthly";
    case ReportingFrequency::quarterly:
      return "quarterly";
    case ReportingFrequency::as_required:
      return "as_required";
  }
  return "";
}

const char* trust_rag_rule_name(TrustRagRule r) noexcept {
  return r == TrustRagRule::overall ? "overall" : "every_question";
}

std::map<KviId, KviSettings> KviConfig::default_kvi_settings() {
  using F = ReportingFrequency;
  // The DSC KVI framework. amber_from is ours: the framework is pass/fail, and
  // the committee wants early warning of a near miss (docs/kvi.md).
  return {
      {KviId::issue_resolution, {20, F::monthly, 0.90, 0.85, ">= 90% of feedback Exceeded or Met Expectations"}},
      {KviId::change_management,
       {10, F::quarterly, 0.90, 0.85, ">= 90% of survey responses Exceeded or Met Expectations"}},
      {KviId::relationship_management,
       {10, F::quarterly, 0.95, 0.90,
        ">= 95% Trust on each of strategic decisions, operational services and customers first"}},
      {KviId::customer_data_security,
       {15, F::monthly, 0, 0, "no Critical or High breaches, at most 1 Medium and 5 Low"}},
      {KviId::data_services,
       {15, F::as_required, 0.90, 0.85, ">= 90% of survey responses Exceeded or Met Expectations"}},
      {KviId::service_delivery,
       {20, F::monthly, 0.98, 0.95, "98% of Priority 1 and 2 KPIs met over the financial year"}},
      {KviId::financial_reporting,
       {10, F::quarterly, 1.0, 1.0, "quarterly financial report delivered to the committee by the agreed date"}},
      // The 2020 interim scorecard's own KVIs (not in the default set).
      {KviId::customer_issue_resolution,
       {1, F::monthly, 1.0, 0.9,
        "issues scored for customer impact; customers notified and a rectification plan "
        "given within the score band's times"}},
      {KviId::communication, {1, F::monthly, 0.7, 0.5, "customer communications scored out of 10 by their recipients"}},
  };
}

}  // namespace slaclock
