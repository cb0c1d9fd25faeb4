using Mediator;
using Nankang.Health.Application.Allowances;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Data;
using Nankang.Health.Application.Data.Queries;

namespace Nankang.Health.Application.Members;

/// <summary>A member found in the registry, with the care certifications the caregiver allowance pays for.</summary>
public sealed record FoundMemberView(MemberView Member, IReadOnlyList<CareCertificationDto> Certifications);

/// <summary>
/// The console's registry lookup (bureau only): by member id, or by national ID through its keyed hash (never by the
/// clear value). Every lookup is audited with its outcome (<c>member.lookup</c>, 200/400/404); the target names the member
/// found, never the national ID asked for.
/// </summary>
public sealed record FindMember(Caller Caller, string? Query) : IRequest<Result<FoundMemberView>>;

public sealed class FindMemberHandler(IHealthStore store, PersonalDataProtector protector, TimeProvider clock) : IRequestHandler<FindMember, Result<FoundMemberView>>
{
    public async ValueTask<Result<FoundMemberView>> Handle(FindMember request, CancellationToken cancellationToken)
    {
        if (!request.Caller.IsBureau)
        {
            return Problem.Forbidden("Only the bureau reads the registry.");
        }

        var query = request.Query?.Trim() ?? string.Empty;
        MemberRow? member = null;
        Problem? problem = null;
        if (query.Length is 0 or > 64)
        {
            problem = Problem.Validation("query", "请输入人员编号或身份证号。");
        }
        else if (NationalId.IsValid(query.ToUpperInvariant()))
        {
            var hashes = protector.LookupHashes(query.ToUpperInvariant());
            member = await store.Members.AsNoTracking().Include(m => m.Categories)
                .FirstOrDefaultAsync(m => hashes.Contains(m.NationalIdLookup), cancellationToken);
        }
        else
        {
            member = await store.Members.AsNoTracking().Include(m => m.Categories).SingleOrDefaultAsync(m => m.Id == query, cancellationToken);
        }

        problem ??= member is null ? Problem.NotFound("没有找到此人员。") : null;
        Audit.Record(store, request.Caller, clock.GetUtcNow().UtcDateTime, "member.lookup", member is null ? "member:(none)" : $"member:{member.Id}", problem?.Status ?? 200);
        await store.SaveChangesAsync(cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var certifications = await store.CareCertifications.AsNoTracking().Where(c => c.MemberId == member!.Id).OrderBy(c => c.From)
            .Select(c => new CareCertificationDto(c.Condition, c.From, c.To)).ToListAsync(cancellationToken);
        return Result<FoundMemberView>.Ok(new FoundMemberView(GetMemberHandler.View(member!, protector.Unprotect(member!.NameCipher)), certifications));
    }
}
