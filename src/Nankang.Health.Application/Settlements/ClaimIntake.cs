using System.Collections.Immutable;
using Microsoft.EntityFrameworkCore;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Data;
using Nankang.Health.Settlement;
using Nankang.Health.Settlement.Policies;

namespace Nankang.Health.Application.Settlements;

/// <summary>A claim body checked and completed from the registry: the engine's input and the policy in force.</summary>
public sealed record Intake(ClaimBody Body, HospitalRow Hospital, SettlementPolicy Policy, Claim Claim);

/// <summary>
/// What settle and preview share: validation naming each field by its JSON path (400), the caller's right to act for the
/// hospital (403), unknown member or hospital (400), the policy by discharge date (422), and the visit checks (409).
/// </summary>
public static class ClaimIntake
{
    public const int MaxDiagnoses = 50;
    public const int MaxText = 200;

    /// <summary>The checked and completed body, and the member's national-ID lookup hash (null when there is no such member).</summary>
    public static async Task<(Result<Intake> Intake, string? NationalIdLookup)> AssembleAsync(
        IHealthStore store, PolicySet policies, Caller caller, ClaimBody body, TimeProvider clock, CancellationToken ct)
    {
        if (Check(caller, body, clock) is { } problem)
        {
            return (problem, null);
        }

        var hospital = await store.Hospitals.AsNoTracking().SingleOrDefaultAsync(h => h.Id == body.HospitalId, ct);
        // One round trip for the member, its lookup hash and its category periods (a member without categories still answers).
        var member = await store.Members.AsNoTracking()
            .Where(m => m.Id == body.MemberId)
            .Select(m => new { m.NationalIdLookup, Periods = m.Categories.Select(c => new { c.Category, c.From, c.To }).ToList() })
            .SingleOrDefaultAsync(ct);
        return (Complete(body, hospital, member?.Periods.Select(c => new CategoryPeriod(c.Category, c.From, c.To)), policies), member?.NationalIdLookup);
    }

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

    /// <summary>
    /// Completes a checked body from the registry: the hospital, and the member's category periods (null: no such member).
    /// Unknown hospital or member → 400; no policy in force on the discharge date → 422.
    /// </summary>
    public static Result<Intake> Complete(ClaimBody body, HospitalRow? hospital, IEnumerable<CategoryPeriod>? memberPeriods, PolicySet policies)
    {
        var errors = new ValidationErrors();
        if (hospital is null)
        {
            errors.Add("hospitalId", "no such hospital.");
        }

        if (memberPeriods is null)
        {
            errors.Add("memberId", "no such member.");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var discharged = body.DischargedOn!.Value;
        var policy = policies.For(discharged);
        if (policy is null)
        {
            return Problem.Unprocessable($"No policy is in force on {discharged:yyyy-MM-dd}; the first starts on {policies.FirstEffectiveDate:yyyy-MM-dd}.");
        }

        var claim = new Claim(
            CategorySets.On(memberPeriods!, discharged),
            new HospitalProfile(hospital!.Level, hospital.Region, hospital.Designated),
            discharged,
            body.Referred ?? false,
            body.InsuranceApplicable ?? true,
            [.. body.Fees!.Select(ToLine)]);
        return Result<Intake>.Ok(new Intake(body, hospital, policy, claim));
    }

    /// <summary>
    /// Whether the visit has an admission and the id of its active settlement, or a problem when the visit belongs to
    /// another member.
    /// </summary>
    public static async Task<(Problem? Problem, bool Admitted, string? ActiveSettlementId)> CheckVisitAsync(IHealthStore store, ClaimBody body, CancellationToken ct)
    {
        var admission = await store.Admissions.AsNoTracking()
            .SingleOrDefaultAsync(a => a.HospitalId == body.HospitalId && a.VisitNo == body.VisitNo, ct);
        if (admission is not null && admission.MemberId != body.MemberId)
        {
            return (Problem.Conflict($"Visit {body.VisitNo} is registered for another member."), true, null);
        }

        var active = await store.Settlements.AsNoTracking()
            .Where(s => s.HospitalId == body.HospitalId && s.VisitNo == body.VisitNo && !store.Voids.Any(v => v.SettlementId == s.Id))
            .Select(s => s.Id)
            .FirstOrDefaultAsync(ct);
        return (null, admission is not null, active);
    }

    public static Problem VisitAlreadySettled(string settlementId) => Problem.Conflict(
        "This visit already has an active settlement; void it first to settle again.",
        new Dictionary<string, object?> { ["existingSettlementId"] = settlementId });

    private static FeeLine ToLine(FeeBody f) => new(f.Class!.Value, f.Amount!.Value, f.OverLimitAmount ?? Money.Zero, f.SelfPayRatio);

    public static ValidationErrors Validate(ClaimBody body, TimeProvider clock)
    {
        var errors = new ValidationErrors();
        errors.Required("hospitalId", body.HospitalId);
        errors.Id("hospitalId", body.HospitalId);
        errors.Required("visitNo", body.VisitNo);
        errors.Id("visitNo", body.VisitNo);
        errors.Required("memberId", body.MemberId);
        errors.Id("memberId", body.MemberId);
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
