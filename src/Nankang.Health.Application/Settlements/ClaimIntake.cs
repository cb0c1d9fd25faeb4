using System.Collections.Immutable;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Data;
using Nankang.Health.Settlement;

namespace Nankang.Health.Application.Settlements;

/// <summary>
/// The request checks settle and preview share, before any database read: validation naming each field by its JSON path
/// (400) and the caller's right to act for the hospital (403). What the registry decides is the booking decision's.
/// </summary>
public static class ClaimIntake
{
    public const int MaxDiagnoses = 50;
    public const int MaxText = 200;

    /// <summary>What needs no database: the body's fields (400) and the caller's right to act for the hospital (403).</summary>
    public static Problem? Check(Caller caller, ClaimBody body, TimeProvider clock)
    {
        var errors = Validate(body, clock);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        return caller.ActsFor(body.HospitalId!) ? null : Problem.Forbidden("A hospital key may settle only for its own hospital.");
    }

    public static ValidationErrors Validate(ClaimBody body, TimeProvider clock)
    {
        var errors = new ValidationErrors();
        errors.VisitIds(body.HospitalId, body.VisitNo, body.MemberId);
        NationalIdCheck.Validate(errors, body.NationalId, required: false);
        errors.Required("admittedOn", body.AdmittedOn);
        errors.Required("dischargedOn", body.DischargedOn);
        if (body.AdmittedOn is { } admitted && body.DischargedOn is { } discharged && discharged < admitted)
        {
            errors.Add("dischargedOn", "must not be before admittedOn.");
        }

        StayDates.Check(errors, body.AdmittedOn, body.DischargedOn, clock);

        errors.MaxLength("notApplicableReason", body.NotApplicableReason, 500);
        if (body.InsuranceApplicable == false && string.IsNullOrWhiteSpace(body.NotApplicableReason))
        {
            errors.Add("notApplicableReason", "is required when insuranceApplicable is false.");
        }

        var diagnoses = body.Diagnoses ?? [];
        if (diagnoses.Count > MaxDiagnoses)
        {
            errors.Add("diagnoses", $"at most {MaxDiagnoses} diagnoses.");
        }

        for (var i = 0; i < diagnoses.Count && i < MaxDiagnoses; i++)
        {
            if (string.IsNullOrWhiteSpace(diagnoses[i]) || diagnoses[i].Length > 16)
            {
                errors.Add($"diagnoses[{i}]", "must be an ICD-10 code of 1 to 16 characters.");
            }
        }

        if (body.Fees is null)
        {
            errors.Add("fees", "is required.");
            return errors;
        }

        var lines = new List<FeeLine>(Math.Min(body.Fees.Count, Claim.MaxFeeLines + 1));
        for (var i = 0; i < body.Fees.Count && i <= Claim.MaxFeeLines; i++)
        {
            var f = body.Fees[i];
            if (f is null)
            {
                errors.Add($"fees[{i}]", "is required.");
                continue;
            }

            errors.Required($"fees[{i}].class", f.Class);
            errors.Required($"fees[{i}].amount", f.Amount);
            errors.MaxLength($"fees[{i}].itemCode", f.ItemCode, 64);
            errors.MaxLength($"fees[{i}].itemName", f.ItemName, MaxText);
            lines.Add(new FeeLine(f.Class ?? FeeClass.A, f.Amount ?? Money.Zero, f.OverLimitAmount ?? Money.Zero, f.SelfPayRatio));
        }

        if (body.Fees.Count > Claim.MaxFeeLines)
        {
            errors.Add("fees", $"a claim may carry at most {Claim.MaxFeeLines} fee lines.");
        }
        else if (!errors.Any)
        {
            foreach (var error in Claim.ValidateFees(lines))
            {
                errors.Add(error.Path, error.Message);
            }
        }

        return errors;
    }

    public static ImmutableArray<StoredFee> Stored(ClaimBody body) =>
        [.. body.Fees!.Select(f => new StoredFee(f.ItemCode, f.ItemName, f.Class!.Value, f.Amount!.Value.Fen, (f.OverLimitAmount ?? Money.Zero).Fen, f.SelfPayRatio?.BasisPoints))];
}
