using Mediator;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Data;
using Nankang.Health.Application.Data.Queries;
using Nankang.Health.Application.Eligibility;
using Nankang.Health.Settlement;

namespace Nankang.Health.Application.Admissions;

/// <param name="NationalId">The national ID read from the patient's ID card: it must be the member's (<see cref="NationalIdCheck"/>).</param>
public sealed record AdmissionBody(string? HospitalId, string? VisitNo, string? MemberId, string? NationalId, DateOnly? AdmittedOn);

public sealed record AdmissionView(
    string AdmissionId,
    string HospitalId,
    string VisitNo,
    string MemberId,
    DateOnly AdmittedOn,
    IReadOnlyList<Category> Categories,
    bool TreatFirstPayLater,
    bool DepositRequired);

/// <summary>
/// Registers an admission. The same hospital and visit number again answers 200 with the existing admission. The body
/// carries the patient's national ID from the ID card, which must be the member's (400 on <c>nationalId</c>, audited):
/// an admission is what lets a hospital read a member's accumulators and preview, so only the patient in front of it does.
/// </summary>
public sealed record Admit(Caller Caller, AdmissionBody Body) : IRequest<Result<AdmissionView>>;

public sealed class AdmitHandler(IHealthStore store, PersonalDataProtector protector, TimeProvider clock) : IRequestHandler<Admit, Result<AdmissionView>>
{
    public async ValueTask<Result<AdmissionView>> Handle(Admit request, CancellationToken cancellationToken)
    {
        var (caller, body) = (request.Caller, request.Body);
        var errors = new ValidationErrors();
        errors.VisitIds(body.HospitalId, body.VisitNo, body.MemberId);
        NationalIdCheck.Validate(errors, body.NationalId, required: true);
        errors.Required("admittedOn", body.AdmittedOn);
        StayDates.Check(errors, body.AdmittedOn, null, clock);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if (!caller.ActsFor(body.HospitalId!))
        {
            return Problem.Forbidden("A hospital key may admit only to its own hospital.");
        }

        var hospital = await store.Hospitals.AsNoTracking().SingleOrDefaultAsync(h => h.Id == body.HospitalId, cancellationToken);
        var member = await store.Members.AsNoTracking().Include(m => m.Categories).SingleOrDefaultAsync(m => m.Id == body.MemberId, cancellationToken);
        if (hospital is null)
        {
            errors.Add("hospitalId", "no such hospital.");
        }

        if (member is null)
        {
            errors.Add("memberId", "no such member.");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (NationalIdCheck.Check(NationalIdCheck.Hashes(protector, body.NationalId), member!.NationalIdLookup, visitAdmitted: false) is { } idProblem)
        {
            store.AuditLog.Add(NationalIdCheck.MismatchAudit(caller, now, member.Id));
            await store.SaveChangesAsync(cancellationToken);
            return idProblem;
        }

        await using var tx = await store.BeginWriteAsync(cancellationToken);
        var existing = await store.Admissions.AsNoTracking()
            .SingleOrDefaultAsync(a => a.HospitalId == body.HospitalId && a.VisitNo == body.VisitNo, cancellationToken);
        if (existing is not null && existing.MemberId != body.MemberId)
        {
            return Problem.Conflict($"Visit {body.VisitNo} is already registered for another member.");
        }

        var admission = existing ?? new AdmissionRow
        {
            Id = $"A{Guid.CreateVersion7():N}",
            HospitalId = body.HospitalId!,
            VisitNo = body.VisitNo!,
            MemberId = body.MemberId!,
            AdmittedOn = body.AdmittedOn!.Value,
            CreatedAt = now,
        };
        if (existing is null)
        {
            store.Admissions.Add(admission);
            Audit.Record(store, caller, now, "admission.create", $"admission:{admission.Id}", 201);
            await store.SaveChangesAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
        }

        var categories = CategorySets.On(member!.Categories.Select(c => new CategoryPeriod(c.Category, c.From, c.To)), admission.AdmittedOn);
        var tfpl = TreatFirstPayLater.Applies(categories, hospital!);
        return Result<AdmissionView>.Ok(
            new AdmissionView(admission.Id, admission.HospitalId, admission.VisitNo, admission.MemberId, admission.AdmittedOn, [.. categories.Members()], tfpl, !tfpl),
            existing is null ? 201 : 200);
    }
}
