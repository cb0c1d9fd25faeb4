using Nankang.Health.Application.Common;

namespace Nankang.Health.Application.Settlements.Booking;

/// <summary>
/// A settlement or preview whose body passed <see cref="ClaimIntake.Check"/>, waiting for its booking decision. A preview
/// has no idempotency key and no request hash.
/// </summary>
/// <param name="NationalIdHashes">The lookup hashes of the body's <c>nationalId</c> under every key (null: none sent), computed on the request's thread.</param>
public sealed record PendingSettlement(Caller Caller, ClaimBody Body, string? Key, string? RequestHash, IReadOnlyList<string>? NationalIdHashes)
{
    public static PendingSettlement Settle(SettleClaim request, string requestHash, IReadOnlyList<string>? nationalIdHashes) =>
        new(request.Caller, request.Body, request.IdempotencyKey!, requestHash, nationalIdHashes);

    public static PendingSettlement Preview(Caller caller, ClaimBody body, IReadOnlyList<string>? nationalIdHashes) =>
        new(caller, body, null, null, nationalIdHashes);

    public bool IsPreview => Key is null;

    public string HospitalId => Body.HospitalId!;

    public string VisitNo => Body.VisitNo!;

    public string MemberId => Body.MemberId!;

    public int Year => Body.DischargedOn!.Value.Year;
}
