namespace Nankang.Health.Api.Http;

/// <summary>
/// What each field of the hospital's flow means (eligibility, admission, settle, preview, read, void, accumulators,
/// reconciliation), for the document's
/// schemas: a generated client shows it on the field. Money fields keep their unit after it. The wording follows
/// docs/api-contract.md and docs/settlement-rules.md; every field of these schemas has one (OpenApiContractTests).
/// </summary>
public static class OpenApiFieldDescriptions
{
    public static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Schemas = new Dictionary<string, IReadOnlyDictionary<string, string>>
    {
        ["EligibilityBody"] = new Dictionary<string, string>
        {
            ["nationalId"] = "The 18-character ID on the patient's ID card (GB 11643); compared through the registry's keyed hash, never stored with the call.",
            ["hospitalId"] = "The asking hospital; a hospital key may name only its own.",
        },
        ["EligibilityView"] = new Dictionary<string, string>
        {
            ["memberId"] = "The registry's member id, to send with the admission and the settlement.",
            ["categories"] = "The member's categories valid today (RegisteredPoor, Dibao, Tekun, Marginal); empty for an ordinary resident.",
            ["treatFirstPayLater"] = "True for a poor patient (先诊疗后付费): admitted without a deposit, pays only their share at discharge.",
        },
        ["AdmissionBody"] = new Dictionary<string, string>
        {
            ["hospitalId"] = "The admitting hospital; a hospital key may name only its own.",
            ["visitNo"] = "The hospital's own number of this stay (住院号), unique within the hospital; the same number again answers the existing admission.",
            ["memberId"] = "The registry's member id (from eligibility).",
            ["nationalId"] = "The ID on the patient's card; it must be the member's (400 on nationalId otherwise, audited).",
            ["admittedOn"] = "The day of admission.",
        },
        ["AdmissionView"] = new Dictionary<string, string>
        {
            ["admissionId"] = "The admission's id.",
            ["hospitalId"] = "The admitting hospital.",
            ["visitNo"] = "The hospital's number of the stay.",
            ["memberId"] = "The member admitted.",
            ["admittedOn"] = "The day of admission.",
            ["categories"] = "The member's categories valid on admittedOn.",
            ["treatFirstPayLater"] = "True for a poor patient: no deposit, pays only their share at discharge.",
            ["depositRequired"] = "Whether the hospital takes a deposit: not treatFirstPayLater.",
        },
        ["ClaimBody"] = new Dictionary<string, string>
        {
            ["hospitalId"] = "The discharging hospital; a hospital key may name only its own.",
            ["visitNo"] = "The hospital's number of the stay; one active settlement per visit (409 with existingSettlementId otherwise).",
            ["memberId"] = "The registry's member id.",
            ["nationalId"] = "The ID on the patient's card; needed when the visit has no admission yet, and then it must be the member's.",
            ["admittedOn"] = "The day of admission.",
            ["dischargedOn"] = "The day of discharge: it picks the policy, the categories in force and the accumulators' year.",
            ["referred"] = "A regular referral (规范转诊); an unreferred stay outside the district has basic insurance's rate cut (settlement rules §5). Default false.",
            ["insuranceApplicable"] = "False for the bureau-recognised special case 不适用医保政策: the insurances pay nothing and the poor patient is topped up to 90 % (settlement rules §4, §5a). Default true.",
            ["notApplicableReason"] = "Why insurance does not apply; required when insuranceApplicable is false.",
            ["diagnoses"] = "ICD-10 codes of the stay, as the hospital recorded them; stored with the settlement.",
            ["fees"] = "The bill's fee lines; their amounts make up the total cost.",
        },
        ["FeeBody"] = new Dictionary<string, string>
        {
            ["itemCode"] = "The hospital's charge item code.",
            ["itemName"] = "The charge item's name.",
            ["class"] = "A 甲类: in scope. B 乙类: the patient first pays selfPayRatio of it (先行自付), the rest is in scope. C 丙类: out of scope (全自费).",
            ["amount"] = "The line's amount, at least 0.",
            ["overLimitAmount"] = "The part above the price limit (超限价) on an A or B line, 0 to amount: out of scope. Not on a C line.",
            ["selfPayRatio"] = "Class B only: the patient's first share of the line; default 0.10.",
        },
        ["VoidBody"] = new Dictionary<string, string>
        {
            ["reason"] = "Why the settlement is voided; kept with the reversal and in the audit log.",
        },
        ["SettlementView"] = new Dictionary<string, string>
        {
            ["settlementId"] = "The settlement's id; null in a preview.",
            ["status"] = "Preview, Settled, Adjusted (a void of an earlier settlement of the member-year re-settled it: see adjustments) or Voided.",
            ["hospitalId"] = "The discharging hospital.",
            ["visitNo"] = "The hospital's number of the stay.",
            ["memberId"] = "The member.",
            ["year"] = "The accumulators' year: the year of dischargedOn.",
            ["policyVersion"] = "The policy the settlement was computed under (e.g. nankang-2020).",
            ["bookedAt"] = "When it was booked (UTC); null in a preview.",
            ["totalCost"] = "The bill: inScopeAmount + preSelfPayAmount + outOfScopeAmount + overLimitAmount, exactly.",
            ["inScopeAmount"] = "In scope (政策范围内): class A, and class B after the patient's first share, less over-limit parts.",
            ["preSelfPayAmount"] = "The patient's first share of class B lines (先行自付).",
            ["outOfScopeAmount"] = "Class C lines (丙类, 全自费).",
            ["overLimitAmount"] = "The parts above price limits (超限价).",
            ["payments"] = "What each of the six funds pays, as booked; all six keys always present.",
            ["fundTotal"] = "The six payments together.",
            ["patientPays"] = "What the patient pays at discharge (the one-stop slip's 个人自付): totalCost − fundTotal.",
            ["reimbursementRatio"] = "fundTotal ÷ totalCost, 4 decimals (the 90 % guarantee of the registered poor is measured on it).",
            ["lines"] = "One line per fund that pays, with its fund code and its arithmetic in one line.",
            ["accumulators"] = "The member-year's accumulators after this settlement.",
            ["adjustments"] = "Money moved onto this settlement since, by voids of earlier settlements of the member-year (re-settlement in order).",
            ["net"] = "payments and patientPays with every adjustment applied; all zero once voided.",
        },
        ["LineView"] = new Dictionary<string, string>
        {
            ["fund"] = "The fund's key: basicInsurance, seriousIllnessInsurance, supplementaryInsurance, medicalAssistance, specialReliefTopUp, specialReliefHighCost.",
            ["fundCode"] = "The fund's code in the policy (e.g. 390100).",
            ["amount"] = "What the fund pays.",
            ["explanation"] = "The arithmetic of the amount in one line (in Chinese with Accept-Language zh).",
        },
        ["PaymentsView"] = new Dictionary<string, string>
        {
            ["basicInsurance"] = "Basic medical insurance (基本医保), paid first.",
            ["seriousIllnessInsurance"] = "Serious-illness insurance (大病保险), second.",
            ["supplementaryInsurance"] = "Supplementary insurance (补充保险), third.",
            ["medicalAssistance"] = "Medical assistance (医疗救助), fourth.",
            ["specialReliefTopUp"] = "The special relief fund's top-up of the reimbursement to 90 % of the bill (专项救助).",
            ["specialReliefHighCost"] = "The special relief fund's 50 % of the year's self-pay above 10,000 (高额费用).",
        },
        ["NetView"] = new Dictionary<string, string>
        {
            ["payments"] = "Each fund's payment with every adjustment applied.",
            ["patientPays"] = "The patient's share with every adjustment applied.",
        },
        ["AdjustmentView"] = new Dictionary<string, string>
        {
            ["causedBy"] = "The voided settlement whose void re-settled this one.",
            ["bookedAt"] = "When the adjustment was booked (UTC).",
            ["payments"] = "The difference per fund (signed).",
            ["patientPays"] = "The difference in the patient's share (signed).",
        },
        ["AccumulatorsView"] = new Dictionary<string, string>
        {
            ["memberId"] = "The member.",
            ["year"] = "The calendar year (of the discharge dates).",
            ["claimCount"] = "Settlements of the year not voided.",
            ["basicPaid"] = "Basic insurance paid in the year (its annual cap is 150,000).",
            ["seriousIllnessBase"] = "The year's cumulative in-scope cost left after basic insurance: serious-illness insurance pays on its slices above the threshold.",
            ["seriousIllnessPaid"] = "Serious-illness insurance paid in the year.",
            ["supplementaryPaid"] = "Supplementary insurance paid in the year.",
            ["assistancePaid"] = "Medical assistance paid in the year (its annual cap is 30,000, none for Tekun).",
            ["selfPayAfterTopUp"] = "The year's self-pay after the 90 % top-up, of claims on which the member was poor: the high-cost relief pays 50 % above 10,000.",
            ["highCostReliefPaid"] = "The special relief fund's high-cost payments in the year.",
        },
        ["ReconciliationBody"] = new Dictionary<string, string>
        {
            ["hospitalId"] = "The hospital whose books are compared; a hospital key may name only its own.",
            ["month"] = "The booking month compared (yyyy-MM, China Standard Time); it must have started.",
            ["totals"] = "The hospital's totals per fund for the month (对总账), all six required.",
            ["detailCsv"] = "Optional: the hospital's movements of the month, one CSV line each (对明细账; columns in docs/bureau.md).",
        },
        ["ReconciliationTotals"] = new Dictionary<string, string>
        {
            ["basicInsurance"] = "Basic medical insurance (390100) as the hospital booked it in the month.",
            ["seriousIllnessInsurance"] = "Serious-illness insurance (390200) as the hospital booked it.",
            ["supplementaryInsurance"] = "Supplementary insurance (390300) as the hospital booked it.",
            ["medicalAssistance"] = "Medical assistance (610100) as the hospital booked it.",
            ["specialReliefTopUp"] = "The special relief fund's 90 % top-up (640100) as the hospital booked it.",
            ["specialReliefHighCost"] = "The special relief fund's high-cost payments (640100) as the hospital booked it.",
        },
        ["VoidView"] = new Dictionary<string, string>
        {
            ["voided"] = "The voided settlement, status Voided.",
            ["adjustments"] = "The later settlements of the member-year re-settled in order, with their differences; a hospital sees only its own.",
        },
    };
}
