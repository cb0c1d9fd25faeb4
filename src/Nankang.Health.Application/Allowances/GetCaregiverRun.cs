using System.Text.Json;
using Mediator;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Data;
using Nankang.Health.Application.Data.Queries;

namespace Nankang.Health.Application.Allowances;

/// <summary>Reads a stored caregiver allowance run (bureau only).</summary>
public sealed record GetCaregiverRun(string RunId) : IRequest<Result<CaregiverRunView>>;

public sealed class GetCaregiverRunHandler(IHealthStore store) : IRequestHandler<GetCaregiverRun, Result<CaregiverRunView>>
{
    public async ValueTask<Result<CaregiverRunView>> Handle(GetCaregiverRun request, CancellationToken cancellationToken)
    {
        var row = await store.AllowanceRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == request.RunId, cancellationToken);
        return row is null
            ? Problem.NotFound($"No caregiver allowance run {request.RunId}.")
            : Result<CaregiverRunView>.Ok(JsonSerializer.Deserialize<CaregiverRunView>(row.ResultJson, HealthJson.Options)!);
    }
}
