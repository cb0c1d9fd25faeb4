using Mediator;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Data;
using Nankang.Health.Application.Data.Queries;

namespace Nankang.Health.Application.Hospitals;

/// <summary>Reads a hospital of the registry (any key).</summary>
public sealed record GetHospital(Caller Caller, string HospitalId) : IRequest<Result<HospitalView>>;

public sealed class GetHospitalHandler(IHealthStore store) : IRequestHandler<GetHospital, Result<HospitalView>>
{
    public async ValueTask<Result<HospitalView>> Handle(GetHospital request, CancellationToken cancellationToken)
    {
        var hospital = await store.Hospitals.AsNoTracking().SingleOrDefaultAsync(h => h.Id == request.HospitalId, cancellationToken);
        return hospital is null ? Problem.NotFound($"No hospital {request.HospitalId}.") : Result<HospitalView>.Ok(View(hospital));
    }

    internal static HospitalView View(HospitalRow h) => new(h.Id, h.Name, h.Level, h.Region, h.Designated);
}
