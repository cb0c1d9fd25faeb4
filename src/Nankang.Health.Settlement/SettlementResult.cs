namespace Nankang.Health.Settlement;

/// <summary>The cost split of §4: <c>TotalCost = InScope + PreSelfPay + OutOfScope + OverLimit</c>.</summary>
public readonly record struct CostSplit(Money TotalCost, Money InScope, Money PreSelfPay, Money OutOfScope, Money OverLimit);

/// <summary>Why a line paid what it paid, beyond its arithmetic.</summary>
public enum LineNote
{
    /// <summary>The line applied normally.</summary>
    Applied,

    /// <summary>Lines 1–4: the hospital is not designated (非定点).</summary>
    NotDesignated,

    /// <summary>Lines 1–4: the bureau flagged the claim as insurance not applicable (不适用医保政策).</summary>
    InsuranceNotApplicable,

    /// <summary>Lines 3 and 5: the member is not poor on the discharge date.</summary>
    NotPoor,

    /// <summary>Line 4: no category of the member carries assistance.</summary>
    NoAssistanceCategory,

    /// <summary>Line 5a: neither an in-district stay or referral of a registered-poor member, nor insurance not applicable.</summary>
    TopUpNotEligible,
}

/// <summary>
/// The figures that produced one line's amount. Which fields are meaningful depends on the fund; the one-line
/// explanation is rendered from them only when asked (<see cref="Explain"/>), so the amount path allocates nothing.
/// </summary>
public readonly record struct LineFigures(
    Fund Fund,
    Money Amount,
    LineNote Note = LineNote.Applied,
    Money Base = default,
    Money Deductible = default,
    Rate Rate = default,
    Money Uncapped = default,
    Money? CapRoom = null,
    Money Prior = default,
    Money Second = default,
    Rate SecondRate = default,
    int Level = 0,
    bool Flag = false,
    Category? Category = null)
{
    /// <summary>One line stating the arithmetic, e.g. <c>in-scope 17700.00 − deductible 0.00 (waived, level 2) × 80% = 14160.00</c>.</summary>
    public string Explain() => Explanations.Render(this);
}

/// <summary>
/// The one-stop settlement of one claim: the split, the six lines with their figures, what the patient pays and
/// the member's accumulators after it. Conservation holds exactly: <c>TotalCost = Payments.Total + PatientPays</c>.
/// </summary>
public readonly record struct SettlementResult(
    string PolicyVersion,
    CostSplit Split,
    FundPayments Payments,
    Money PatientPays,
    Accumulators Before,
    Accumulators After,
    LineFigures Basic,
    LineFigures Serious,
    LineFigures Supplementary,
    LineFigures Assistance,
    LineFigures TopUp,
    LineFigures HighCost)
{
    /// <summary><c>Σ payments / total cost</c> in basis points, rounded half away from zero (0.9 = 9,000).</summary>
    public int ReimbursementRatioBasisPoints =>
        (int)Rounding.MultiplyDivide(Payments.Total.Fen, Rate.BasisPointsPerUnit, Split.TotalCost.Fen);

    /// <summary>The money of the booking: the funds' payments and the patient's part.</summary>
    public NetAmounts Amounts => new(Payments, PatientPays);

    public LineFigures Line(Fund fund) => fund switch
    {
        Fund.BasicInsurance => Basic,
        Fund.SeriousIllnessInsurance => Serious,
        Fund.SupplementaryInsurance => Supplementary,
        Fund.MedicalAssistance => Assistance,
        Fund.SpecialReliefTopUp => TopUp,
        Fund.SpecialReliefHighCost => HighCost,
        _ => throw new ArgumentOutOfRangeException(nameof(fund), fund, null),
    };
}
