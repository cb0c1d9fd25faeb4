using Mediator;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Data;
using Nankang.Health.Application.Data.Queries;
using Nankang.Health.Settlement;

namespace Nankang.Health.Application.Eligibility;

public sealed record EligibilityBody(string? NationalId, string? HospitalId);

public sealed record EligibilityView(string MemberId, IReadOnlyList<Category> Categories, bool TreatFirstPayLater);

/// <summary>
/// Finds a member by national ID at admission: categories valid today and the treat-first-pay-later answer. Every call is
/// audited with its outcome (200, 400, 403, 404); the national ID itself is never recorded.
/// </summary>
public sealed record CheckEligibility(Caller Caller, EligibilityBody Body) : IRequest<Result<EligibilityView>>;

public sealed class CheckEligibilityHandler(IHealthStore store, PersonalDataProtector protector, TimeProvider clock)
    : IRequestHandler<CheckEligibility, Result<EligibilityView>>
{
    public async ValueTask<Result<EligibilityView>> Handle(CheckEligibility request, CancellationToken cancellationToken)
    {
        var (caller, body) = (request.Caller, request.Body);
        var (problem, member, hospital) = await FindAsync(caller, body, cancellationToken);

        // Every lookup is audited, whatever its outcome, before the answer leaves: no record, no answer.
        var target = member is null ? "member:(none)" : $"member:{member.Id}";
        Audit.Record(store, caller, clock.GetUtcNow().UtcDateTime, "eligibility.lookup", target, problem?.Status ?? 200);
        await store.SaveChangesAsync(cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        // "Today" is the district's date (China Standard Time), whatever the server's own time zone.
        var today = DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(Statements.StatementMonth.Offset).DateTime);
        var categories = CategorySets.On(member!.Categories.Select(c => new CategoryPeriod(c.Category, c.From, c.To)), today);
        return Result<EligibilityView>.Ok(new EligibilityView(member.Id, [.. categories.Members()], TreatFirstPayLater.Applies(categories, hospital!)));
    }

    private async Task<(Problem? Problem, MemberRow? Member, HospitalRow? Hospital)> FindAsync(Caller caller, EligibilityBody body, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        errors.Required("nationalId", body.NationalId);
        errors.Required("hospitalId", body.HospitalId);
        errors.MaxLength("hospitalId", body.HospitalId, 64);
        if (body.NationalId is not null && !NationalId.IsValid(body.NationalId))
        {
            errors.Add("nationalId", "must be 18 characters with a valid GB 11643 check digit.");
        }

        if (errors.Any)
        {
            return (errors.ToProblem(), null, null);
        }

        if (!caller.ActsFor(body.HospitalId!))
        {
            return (Problem.Forbidden("A hospital key may look up eligibility only for its own hospital."), null, null);
        }

        var hospital = await store.Hospitals.AsNoTracking().SingleOrDefaultAsync(h => h.Id == body.HospitalId, ct);
        if (hospital is null)
        {
            return (Problem.Validation("hospitalId", "no such hospital."), null, null);
        }

        // Under every configured key: during a key rotation a member not yet re-keyed has the old key's hash.
        var lookups = protector.LookupHashes(body.NationalId!);
        var member = await store.Members.AsNoTracking().Include(m => m.Categories).SingleOrDefaultAsync(m => lookups.Contains(m.NationalIdLookup), ct);
        return member is null ? (Problem.NotFound("No member has this national ID."), null, hospital) : (null, member, hospital);
    }
}

/// <summary>§8: a poor member admitted to a designated in-district hospital pays no deposit (先诊疗后付费).</summary>
public static class TreatFirstPayLater
{
    public static bool Applies(CategorySet categories, HospitalRow hospital) =>
        categories.IsPoor() && hospital.Designated && hospital.Region == Region.InDistrict;
}
