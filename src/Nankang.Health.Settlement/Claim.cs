using System.Collections.Immutable;

namespace Nankang.Health.Settlement;

/// <summary>The class of a fee line in the insurance catalogue.</summary>
public enum FeeClass
{
    /// <summary>甲类: fully in scope.</summary>
    A,

    /// <summary>乙类: the patient first pays the self-pay ratio, the rest is in scope.</summary>
    B,

    /// <summary>丙类/目录外: outside scope.</summary>
    C,
}

/// <summary>One fee line of a claim. <see cref="SelfPayRatio"/> null means the policy default (class B only).</summary>
public readonly record struct FeeLine(FeeClass Class, Money Amount, Money OverLimit = default, Rate? SelfPayRatio = null);

/// <summary>
/// The facts of one inpatient stay that the rules read, captured at booking: the member's categories on the
/// discharge date, the hospital's attributes, the referral and applicability flags, and the fee lines.
/// </summary>
public sealed record Claim(
    CategorySet Categories,
    HospitalProfile Hospital,
    DateOnly DischargedOn,
    bool Referred,
    bool InsuranceApplicable,
    ImmutableArray<FeeLine> Fees)
{
    public const int MaxFeeLines = 10_000;

    /// <summary>The calendar year whose accumulators this claim reads and feeds.</summary>
    public int Year => DischargedOn.Year;

    /// <summary>
    /// Checks the fee lines against §1 and §4 of the rules. Each error names the field by its JSON path
    /// relative to the claim (<c>fees[2].overLimitAmount</c>).
    /// </summary>
    public static IReadOnlyList<ClaimError> ValidateFees(IReadOnlyList<FeeLine> fees)
    {
        var errors = new List<ClaimError>();
        if (fees.Count == 0)
        {
            errors.Add(new("fees", "A claim needs at least one fee line."));
        }
        else if (fees.Count > MaxFeeLines)
        {
            errors.Add(new("fees", $"A claim may carry at most {MaxFeeLines} fee lines."));
        }

        long total = 0;
        for (var i = 0; i < fees.Count && i <= MaxFeeLines; i++)
        {
            var fee = fees[i];
            if (fee.Amount.IsNegative || fee.Amount > Money.MaxInput)
            {
                errors.Add(new($"fees[{i}].amount", $"An amount must lie between 0 and {Money.MaxInput}."));
            }

            // Against a negative amount the over-limit cannot be judged; the amount's own error says what is wrong.
            if (fee.OverLimit.IsNegative || (!fee.Amount.IsNegative && fee.OverLimit > fee.Amount))
            {
                errors.Add(new($"fees[{i}].overLimitAmount", "The over-limit amount must lie between 0 and the line's amount."));
            }

            if (fee.Class == FeeClass.C && !fee.OverLimit.IsZero)
            {
                errors.Add(new($"fees[{i}].overLimitAmount", "A class C line is wholly outside scope and cannot carry an over-limit amount."));
            }

            if (fee.Class != FeeClass.B && fee.SelfPayRatio is not null)
            {
                errors.Add(new($"fees[{i}].selfPayRatio", "Only a class B line carries a self-pay ratio."));
            }

            total += Math.Clamp(fee.Amount.Fen, 0, Money.MaxInput.Fen);
        }

        if (errors.Count == 0 && total == 0)
        {
            errors.Add(new("fees", "The total cost of a claim must be above zero."));
        }

        return errors;
    }
}

/// <summary>A rule broken by a claim's input: the JSON path of the field and what is wrong with it.</summary>
public readonly record struct ClaimError(string Path, string Message);
