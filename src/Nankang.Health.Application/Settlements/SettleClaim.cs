using System.Security.Cryptography;
using System.Text.Json;
using Mediator;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Data;
using Nankang.Health.Application.Settlements.Booking;
using Nankang.Health.Application.Settlements.GroupCommit;
using Nankang.Health.Settlement;

namespace Nankang.Health.Application.Settlements;

/// <summary>
/// Books the one-stop settlement of a discharge. In one transaction, serialized per member-year: the idempotency key,
/// the admission when missing, the settlement with its captured inputs, its ledger entry, the accumulators and the audit row
/// (the transaction may hold other settlements too: <see cref="IGroupCommit"/>).
/// Same key and body → the original answer (200) and nothing written; same key, other body → 409; the visit already
/// settled under another key → 409 with <c>existingSettlementId</c>.
/// </summary>
public sealed record SettleClaim(Caller Caller, string? IdempotencyKey, ClaimBody Body) : IRequest<Result<SettlementView>>;

public sealed class SettleClaimHandler(IGroupCommit writer, PersonalDataProtector protector, TimeProvider clock) : IRequestHandler<SettleClaim, Result<SettlementView>>
{
    public const int MaxKeyLength = 128;

    public async ValueTask<Result<SettlementView>> Handle(SettleClaim request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.IdempotencyKey) || request.IdempotencyKey.Length > MaxKeyLength)
        {
            return Problem.Validation("Idempotency-Key", $"the header is required: 1 to {MaxKeyLength} characters, one per settlement attempt.");
        }

        if (ClaimIntake.Check(request.Caller, request.Body, clock) is { } problem)
        {
            return problem;
        }

        // The registry checks (hospital, member, national ID, policy) run in the batch's transaction (BookingDecision);
        // the national ID's hashes are computed here, so the decision only compares them with the member's.
        var hashes = NationalIdCheck.Hashes(protector, request.Body.NationalId);
        return await writer.BookAsync(PendingSettlement.Settle(request, RequestHash(request.Body), hashes), cancellationToken);
    }

    /// <summary>
    /// SHA-256 of the body in canonical form, so formatting differences do not make a retry look like another body. Without
    /// the national ID: an unkeyed hash of it beside the rest of the body, which the settlement row holds, could be reversed
    /// by trying every ID; the ID is checked against the member on every attempt instead.
    /// </summary>
    public static string RequestHash(ClaimBody body) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(body with { NationalId = null }, HealthJson.Options)));

    /// <summary>Rebuilds the engine's input from the facts captured at booking.</summary>
    public static Claim CapturedClaim(SettlementRow r) => CapturedClaim(
        r.Categories, new HospitalProfile(r.HospitalLevel, r.HospitalRegion, r.HospitalDesignated), r.DischargedOn, r.Referred, r.InsuranceApplicable, r.FeesJson);

    public static Claim CapturedClaim(CategorySet categories, HospitalProfile hospital, DateOnly dischargedOn, bool referred, bool insuranceApplicable, string feesJson) =>
        new(categories, hospital, dischargedOn, referred, insuranceApplicable,
            [.. JsonSerializer.Deserialize<List<StoredFee>>(feesJson, HealthJson.Options)!.Select(f => f.ToLine())]);
}
