using Mediator;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Data;
using Nankang.Health.Application.Data.Queries;

namespace Nankang.Health.Application.Members;

/// <summary>Creates or replaces a member of the registry (bureau only). 201 when created, 200 when replaced.</summary>
public sealed record PutMember(Caller Caller, string MemberId, MemberBody Body) : IRequest<Result<MemberView>>;

public sealed class PutMemberHandler(IHealthStore store, PersonalDataProtector protector, TimeProvider clock)
    : IRequestHandler<PutMember, Result<MemberView>>
{
    public const int MaxText = 100;

    public async ValueTask<Result<MemberView>> Handle(PutMember request, CancellationToken cancellationToken)
    {
        var body = request.Body;
        var errors = Validate(request.MemberId, body);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var nationalId = body.NationalId!.ToUpperInvariant();
        var lookups = protector.LookupHashes(nationalId);
        var lookup = lookups[0];
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await store.BeginWriteAsync(cancellationToken);
        if (await store.Members.AnyAsync(m => lookups.Contains(m.NationalIdLookup) && m.Id != request.MemberId, cancellationToken))
        {
            return Problem.Conflict("Another member already has this national ID.");
        }

        var member = await store.Members.Include(m => m.Categories).SingleOrDefaultAsync(m => m.Id == request.MemberId, cancellationToken);
        var created = member is null;
        if (member is null)
        {
            member = new MemberRow
            {
                Id = request.MemberId,
                NationalIdLookup = lookup,
                NationalIdCipher = string.Empty,
                NationalIdMasked = string.Empty,
                NameCipher = string.Empty,
                Sex = string.Empty,
                Township = string.Empty,
                Village = string.Empty,
            };
            store.Members.Add(member);
        }
        else
        {
            store.MemberCategories.RemoveRange(member.Categories);
            member.Categories.Clear();
        }

        member.NationalIdLookup = lookup;
        member.NationalIdCipher = protector.Protect(nationalId);
        member.NationalIdMasked = NationalId.Mask(nationalId);
        member.NameCipher = protector.Protect(body.Name!);
        member.BirthDate = body.BirthDate!.Value;
        member.Sex = body.Sex!;
        member.Township = body.Township ?? string.Empty;
        member.Village = body.Village ?? string.Empty;
        member.UpdatedAt = now;
        foreach (var c in body.Categories ?? [])
        {
            member.Categories.Add(new MemberCategoryRow { MemberId = request.MemberId, Category = c.Category!.Value, From = c.From!.Value, To = c.To });
        }

        var status = created ? 201 : 200;
        Audit.Record(store, request.Caller, now, created ? "member.create" : "member.replace", $"member:{request.MemberId}", status);
        await store.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return Result<MemberView>.Ok(GetMemberHandler.View(member, body.Name!), status);
    }

    /// <summary>The checks of a member's id and body, shared with the registry import (<see cref="Import.ImportMembers"/>).</summary>
    internal static ValidationErrors Validate(string memberId, MemberBody body)
    {
        var errors = new ValidationErrors();
        if (!Ids.IsValid(memberId))
        {
            errors.Add("memberId", Ids.Rule);
        }

        errors.Required("nationalId", body.NationalId);
        if (body.NationalId is not null && !NationalId.IsValid(body.NationalId))
        {
            errors.Add("nationalId", "must be 18 characters with a valid GB 11643 check digit.");
        }

        errors.Required("name", body.Name);
        errors.MaxLength("name", body.Name, MaxText);
        errors.Required("birthDate", body.BirthDate);
        if (body.Sex is not ("M" or "F"))
        {
            errors.Add("sex", "must be M or F.");
        }

        errors.MaxLength("township", body.Township, MaxText);
        errors.MaxLength("village", body.Village, MaxText);
        var categories = body.Categories ?? [];
        if (categories.Count > 50)
        {
            errors.Add("categories", "at most 50 category periods.");
        }

        for (var i = 0; i < categories.Count && i < 50; i++)
        {
            var c = categories[i];
            if (c is null)
            {
                errors.Add($"categories[{i}]", "is required.");
                continue;
            }

            errors.Required($"categories[{i}].category", c.Category);
            errors.Required($"categories[{i}].from", c.From);
            if (c.From is { } from && c.To is { } to && to < from)
            {
                errors.Add($"categories[{i}].to", "must not be before from.");
            }
        }

        return errors;
    }
}
