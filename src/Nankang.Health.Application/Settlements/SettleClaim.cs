using System.Security.Cryptography;
using System.Text.Json;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Data;
using Nankang.Health.Application.Members;
using Nankang.Health.Settlement;
using Nankang.Health.Settlement.Policies;

namespace Nankang.Health.Application.Settlements;

/// <summary>
/// Books the one-stop settlement of a discharge. In one transaction, serialized per member-year: the idempotency key,
/// the admission when missing, the settlement with its captured inputs, its ledger entry, the accumulators and the audit row.
/// Same key and body → the original answer (200) and nothing written; same key, other body → 409; the visit already
/// settled under another key → 409 with <c>existingSettlementId</c>.
/// </summary>
public sealed record SettleClaim(Caller Caller, string? IdempotencyKey, ClaimBody Body) : IRequest<Result<SettlementView>>;

public sealed class SettleClaimHandler(IHealthStore store, PolicySet policies, TimeProvider clock) : IRequestHandler<SettleClaim, Result<SettlementView>>
{
    public const int MaxKeyLength = 128;

    public async ValueTask<Result<SettlementView>> Handle(SettleClaim request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.IdempotencyKey) || request.IdempotencyKey.Length > MaxKeyLength)
        {
            return Problem.Validation("Idempotency-Key", $"the header is required: 1 to {MaxKeyLength} characters, one per settlement attempt.");
        }

        var assembled = await ClaimIntake.AssembleAsync(store, policies, request.Caller, request.Body, cancellationToken);
        if (!assembled.IsSuccess)
        {
            return assembled.Problem!;
        }

        var intake = assembled.Value!;
        var hash = RequestHash(request.Body);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await BookAsync(request, intake, hash, cancellationToken);
            }
            catch (DbUpdateException e) when (store.IsUniqueViolation(e) && attempt < 3)
            {
                // A concurrent request with the same key or visit committed first: look again, now it is visible.
                store.Reset();
            }
        }
    }

    private async Task<Result<SettlementView>> BookAsync(SettleClaim request, Intake intake, string hash, CancellationToken ct)
    {
        var body = intake.Body;
        var hospitalId = body.HospitalId!;
        var key = request.IdempotencyKey!;
        await using var tx = await store.BeginWriteAsync(ct);
        await store.LockMemberYearAsync(body.MemberId!, intake.Claim.Year, ct);

        var previous = await store.IdempotencyKeys.AsNoTracking().SingleOrDefaultAsync(k => k.HospitalId == hospitalId && k.Key == key, ct);
        if (previous is not null)
        {
            return previous.RequestHash == hash
                ? Result<SettlementView>.Ok(JsonSerializer.Deserialize<SettlementView>(previous.ResponseJson, HealthJson.Options)!, 200)
                : Problem.Conflict("This Idempotency-Key was already used with a different body.",
                    new Dictionary<string, object?> { ["existingSettlementId"] = previous.SettlementId });
        }

        var (visitProblem, activeId) = await ClaimIntake.CheckVisitAsync(store, body, ct);
        if (visitProblem is not null)
        {
            return visitProblem;
        }

        if (activeId is not null)
        {
            return ClaimIntake.VisitAlreadySettled(activeId);
        }

        var accRow = await store.Accumulators.SingleOrDefaultAsync(a => a.MemberId == body.MemberId && a.Year == intake.Claim.Year, ct);
        var result = SettlementEngine.Settle(intake.Claim, intake.Policy, AccumulatorStore.ToValue(accRow));

        var now = clock.GetUtcNow().UtcDateTime;
        var admission = await store.Admissions.AsNoTracking().SingleOrDefaultAsync(a => a.HospitalId == hospitalId && a.VisitNo == body.VisitNo, ct);
        if (admission is null)
        {
            admission = new AdmissionRow
            {
                Id = $"A{Guid.CreateVersion7():N}",
                HospitalId = hospitalId,
                VisitNo = body.VisitNo!,
                MemberId = body.MemberId!,
                AdmittedOn = body.AdmittedOn!.Value,
                CreatedAt = now,
            };
            store.Admissions.Add(admission);
        }

        var settlementId = $"S{Guid.CreateVersion7():N}";
        var lines = SettlementViews.Lines(result, intake.Policy);
        var view = SettlementViews.FromResult(result, intake, settlementId, SettlementStatus.Settled, SettlementViews.Utc(now), lines);
        store.Settlements.Add(Row(request, intake, result, settlementId, admission.Id, now, lines));
        var entry = new LedgerEntryRow
        {
            Kind = LedgerEntryKind.Settlement,
            SettlementId = settlementId,
            HospitalId = hospitalId,
            MemberId = body.MemberId!,
            Year = intake.Claim.Year,
            BookedAt = now,
            KeyId = request.Caller.KeyId,
        };
        SettlementViews.SetAmounts(entry, NetAmounts.Of(result));
        store.LedgerEntries.Add(entry);
        if (accRow is null)
        {
            accRow = new AccumulatorRow { MemberId = body.MemberId!, Year = intake.Claim.Year };
            store.Accumulators.Add(accRow);
        }

        AccumulatorStore.Write(accRow, result.After, now);
        store.IdempotencyKeys.Add(new IdempotencyRow
        {
            HospitalId = hospitalId,
            Key = key,
            RequestHash = hash,
            SettlementId = settlementId,
            ResponseJson = JsonSerializer.Serialize(view, HealthJson.Options),
            CreatedAt = now,
        });
        Audit.Record(store, request.Caller, now, "settlement.create", $"settlement:{settlementId}", 201);
        await store.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Result<SettlementView>.Ok(view, 201);
    }

    private static SettlementRow Row(SettleClaim request, Intake intake, in SettlementResult result, string id, string admissionId, DateTime now, IReadOnlyList<LineView> lines)
    {
        var (body, claim) = (intake.Body, intake.Claim);
        return new SettlementRow
        {
            Id = id,
            HospitalId = body.HospitalId!,
            VisitNo = body.VisitNo!,
            MemberId = body.MemberId!,
            AdmissionId = admissionId,
            Year = claim.Year,
            PolicyVersion = result.PolicyVersion,
            BookedAt = now,
            KeyId = request.Caller.KeyId,
            AdmittedOn = body.AdmittedOn!.Value,
            DischargedOn = claim.DischargedOn,
            Categories = claim.Categories,
            HospitalLevel = claim.Hospital.Level,
            HospitalRegion = claim.Hospital.Region,
            HospitalDesignated = claim.Hospital.Designated,
            Referred = claim.Referred,
            InsuranceApplicable = claim.InsuranceApplicable,
            NotApplicableReason = body.NotApplicableReason,
            DiagnosesJson = JsonSerializer.Serialize(body.Diagnoses ?? [], HealthJson.Options),
            FeesJson = JsonSerializer.Serialize(ClaimIntake.Stored(body), HealthJson.Options),
            LinesJson = JsonSerializer.Serialize(lines, HealthJson.Options),
            TotalCost = result.Split.TotalCost.Fen,
            InScope = result.Split.InScope.Fen,
            PreSelfPay = result.Split.PreSelfPay.Fen,
            OutOfScope = result.Split.OutOfScope.Fen,
            OverLimit = result.Split.OverLimit.Fen,
            BasicInsurance = result.Payments.BasicInsurance.Fen,
            SeriousIllnessInsurance = result.Payments.SeriousIllnessInsurance.Fen,
            SupplementaryInsurance = result.Payments.SupplementaryInsurance.Fen,
            MedicalAssistance = result.Payments.MedicalAssistance.Fen,
            SpecialReliefTopUp = result.Payments.SpecialReliefTopUp.Fen,
            SpecialReliefHighCost = result.Payments.SpecialReliefHighCost.Fen,
            PatientPays = result.PatientPays.Fen,
            ReimbursementRatioBp = result.ReimbursementRatioBasisPoints,
            AccumulatorsAfterJson = JsonSerializer.Serialize(AccumulatorsView.Of(body.MemberId!, claim.Year, result.After), HealthJson.Options),
        };
    }

    /// <summary>SHA-256 of the body in canonical form, so formatting differences do not make a retry look like another body.</summary>
    public static string RequestHash(ClaimBody body) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(body, HealthJson.Options)));

    /// <summary>Rebuilds the engine's input from the facts captured at booking.</summary>
    public static Claim CapturedClaim(SettlementRow r) => new(
        r.Categories,
        new HospitalProfile(r.HospitalLevel, r.HospitalRegion, r.HospitalDesignated),
        r.DischargedOn,
        r.Referred,
        r.InsuranceApplicable,
        [.. JsonSerializer.Deserialize<List<StoredFee>>(r.FeesJson, HealthJson.Options)!.Select(f => f.ToLine())]);
}
