using Mediator;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Data;
using Nankang.Health.Application.Data.Queries;
using Nankang.Health.Settlement;
using Nankang.Health.Settlement.Allowances;

namespace Nankang.Health.Application.AntiPoverty;

/// <summary>A member-year on the warning list: who (national ID masked), where, S, P(S) now, the review and what is booked.</summary>
public sealed record AntiPovertyWarning(
    string MemberId, string NationalIdMasked, string Township, string Village, Money SelfPay, Money Payout,
    string Review, string? ReviewReason, string? ReviewedBy, DateTimeOffset? ReviewedAt, Money Booked);

/// <summary>The warning list of a year (防贫预警名单) under the year's policy: its line, the sort and the members.</summary>
public sealed record AntiPovertyWarningsView(int Year, string PolicyVersion, Money WarningLine, string Sort, int Count, IReadOnlyList<AntiPovertyWarning> Members);

/// <summary>
/// The warning list (bureau only): covered members whose year's self-pay S is above the warning line. <c>sort</c> is
/// <c>-selfPay</c> (default, largest S first) or <c>selfPay</c>; ties by member id.
/// </summary>
public sealed record GetAntiPovertyWarnings(int? Year, string? Sort) : IRequest<Result<AntiPovertyWarningsView>>;

public sealed class GetAntiPovertyWarningsHandler(IHealthStore store, Settlement.Policies.PolicySet policies)
    : IRequestHandler<GetAntiPovertyWarnings, Result<AntiPovertyWarningsView>>
{
    public static readonly string[] Sorts = ["-selfPay", "selfPay"];

    public async ValueTask<Result<AntiPovertyWarningsView>> Handle(GetAntiPovertyWarnings request, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (request.Year is not { } year || year is < 2000 or > 2099)
        {
            errors.Add("year", "must be a year from 2000 to 2099.");
            year = 0;
        }

        var sort = request.Sort ?? Sorts[0];
        if (!Sorts.Contains(sort, StringComparer.Ordinal))
        {
            errors.Add("sort", "must be -selfPay or selfPay.");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if (AntiPovertyYear.PolicyOf(policies, year) is not { } policy)
        {
            return Problem.Unprocessable($"No policy covers {year}.");
        }

        var rules = policy.AntiPovertyInsurance;
        var line = rules.WarningLine.Fen;
        // One grouped query: S per member over the year's ledger, above the line, joined to the registry for place and masked ID.
        var rows = await (
            from s in AntiPovertyYear.SelfPays(store, rules, year)
            where s.SelfPay > line
            join m in store.Members.AsNoTracking() on s.MemberId equals m.Id
            select new { s.MemberId, s.SelfPay, m.NationalIdMasked, m.Township, m.Village }).ToListAsync(cancellationToken);
        var reviews = await AntiPovertyYear.LatestReviewsAsync(store, year, cancellationToken);
        var booked = await AntiPovertyYear.BookedAsync(store, year, cancellationToken);
        var members = rows.Select(r =>
        {
            var selfPay = new Money(r.SelfPay);
            var review = reviews.GetValueOrDefault(r.MemberId, AntiPovertyReviewState.None);
            return new AntiPovertyWarning(
                r.MemberId, r.NationalIdMasked, r.Township, r.Village, selfPay, AntiPovertyInsurance.Payout(selfPay, rules),
                review.Decision, review.Reason, review.DecidedBy, review.DecidedAt, new Money(booked.GetValueOrDefault(r.MemberId)));
        });
        var sorted = (sort == "selfPay" ? members.OrderBy(w => w.SelfPay.Fen) : members.OrderByDescending(w => w.SelfPay.Fen))
            .ThenBy(w => w.MemberId, StringComparer.Ordinal).ToList();
        return Result<AntiPovertyWarningsView>.Ok(new AntiPovertyWarningsView(year, policy.Version, rules.WarningLine, sort, sorted.Count, sorted));
    }
}
