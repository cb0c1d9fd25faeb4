using Mediator;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Data;
using Nankang.Health.Application.Data.Queries;
using Nankang.Health.Application.Statements;
using Nankang.Health.Settlement;

namespace Nankang.Health.Application.Hospitals;

/// <summary>The body of <c>PUT /hospitals/{hospitalId}</c>.</summary>
public sealed record HospitalBody(string? Name, int? Level, Region? Region, bool? Designated);

/// <summary>A hospital of the registry.</summary>
public sealed record HospitalView(string HospitalId, string Name, int Level, Region Region, bool Designated);

/// <summary>
/// Creates or replaces a hospital (bureau only). 201 when created, 200 when replaced. The id <c>households</c> (in any
/// case) is refused: month statements use it as the payee of the allowances paid to households.
/// </summary>
public sealed record PutHospital(Caller Caller, string HospitalId, HospitalBody Body) : IRequest<Result<HospitalView>>;

public sealed class PutHospitalHandler(IHealthStore store, TimeProvider clock) : IRequestHandler<PutHospital, Result<HospitalView>>
{
    public async ValueTask<Result<HospitalView>> Handle(PutHospital request, CancellationToken cancellationToken)
    {
        var body = request.Body;
        var errors = new ValidationErrors();
        if (!Ids.IsValid(request.HospitalId))
        {
            errors.Add("hospitalId", Ids.Rule);
        }
        else if (string.Equals(request.HospitalId, MonthStatements.Households, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add("hospitalId", $"\"{MonthStatements.Households}\" is reserved: it is the statements' payee for the allowances paid to households.");
        }

        errors.Required("name", body.Name);
        errors.MaxLength("name", body.Name, 200);
        if (body.Level is not { } level || !HospitalProfile.IsValidLevel(level))
        {
            errors.Add("level", "must be 1, 2 or 3.");
        }

        errors.Required("region", body.Region);
        errors.Required("designated", body.Designated);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await store.BeginWriteAsync(cancellationToken);
        var hospital = await store.Hospitals.SingleOrDefaultAsync(h => h.Id == request.HospitalId, cancellationToken);
        var created = hospital is null;
        hospital ??= store.Hospitals.Add(new HospitalRow { Id = request.HospitalId, Name = string.Empty });
        hospital.Name = body.Name!;
        hospital.Level = body.Level!.Value;
        hospital.Region = body.Region!.Value;
        hospital.Designated = body.Designated!.Value;
        hospital.UpdatedAt = now;
        var status = created ? 201 : 200;
        Audit.Record(store, request.Caller, now, created ? "hospital.create" : "hospital.replace", $"hospital:{request.HospitalId}", status);
        await store.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return Result<HospitalView>.Ok(GetHospitalHandler.View(hospital), status);
    }
}
