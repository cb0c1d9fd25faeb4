using Mediator;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Data;
using Nankang.Health.Application.Data.Queries;

namespace Nankang.Health.Application.Members;

/// <summary>Reads a member of the registry (bureau only), with the national ID masked.</summary>
public sealed record GetMember(Caller Caller, string MemberId) : IRequest<Result<MemberView>>;

public sealed class GetMemberHandler(IHealthStore store, PersonalDataProtector protector) : IRequestHandler<GetMember, Result<MemberView>>
{
    public async ValueTask<Result<MemberView>> Handle(GetMember request, CancellationToken cancellationToken)
    {
        var member = await store.Members.AsNoTracking().Include(m => m.Categories)
            .SingleOrDefaultAsync(m => m.Id == request.MemberId, cancellationToken);
        return member is null
            ? Problem.NotFound($"No member {request.MemberId}.")
            : Result<MemberView>.Ok(View(member, protector.Unprotect(member.NameCipher)));
    }

    /// <summary>
    /// The member as the registry's keeper sees it: the national ID masked, never whole; the name in clear, as the contract
    /// gives it (the routes are bureau-only; hospitals never see names).
    /// </summary>
    internal static MemberView View(MemberRow m, string name) => new(
        m.Id, m.NationalIdMasked, name, m.BirthDate, m.Sex, m.Township, m.Village,
        [.. m.Categories.OrderBy(c => c.From).ThenBy(c => c.Category).Select(c => new CategoryPeriodDto(c.Category, c.From, c.To))]);
}
