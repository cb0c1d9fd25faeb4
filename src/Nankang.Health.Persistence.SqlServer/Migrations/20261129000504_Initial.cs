using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nankang.Health.Persistence.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "admissions",
                columns: table => new
                {
                    Id = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    HospitalId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    VisitNo = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    MemberId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    AdmittedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_admissions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "audit_log",
                columns: table => new
                {
                    Seq = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    At = table.Column<DateTime>(type: "datetime2", nullable: false),
                    KeyId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Role = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    HospitalId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    Action = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Target = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Status = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_log", x => x.Seq);
                });

            migrationBuilder.CreateTable(
                name: "hospitals",
                columns: table => new
                {
                    Id = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Level = table.Column<int>(type: "int", nullable: false),
                    Region = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    Designated = table.Column<bool>(type: "bit", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_hospitals", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "idempotency_keys",
                columns: table => new
                {
                    HospitalId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Key = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: false),
                    RequestHash = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    SettlementId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    ResponseJson = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_idempotency_keys", x => new { x.HospitalId, x.Key });
                });

            migrationBuilder.CreateTable(
                name: "ledger_entries",
                columns: table => new
                {
                    Seq = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Kind = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    SettlementId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    CausedBy = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    HospitalId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    MemberId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Year = table.Column<int>(type: "int", nullable: false),
                    BookedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    KeyId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    BasicInsurance = table.Column<long>(type: "bigint", nullable: false),
                    SeriousIllnessInsurance = table.Column<long>(type: "bigint", nullable: false),
                    SupplementaryInsurance = table.Column<long>(type: "bigint", nullable: false),
                    MedicalAssistance = table.Column<long>(type: "bigint", nullable: false),
                    SpecialReliefTopUp = table.Column<long>(type: "bigint", nullable: false),
                    SpecialReliefHighCost = table.Column<long>(type: "bigint", nullable: false),
                    PatientPays = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ledger_entries", x => x.Seq);
                });

            migrationBuilder.CreateTable(
                name: "member_year_accumulators",
                columns: table => new
                {
                    MemberId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Year = table.Column<int>(type: "int", nullable: false),
                    ClaimCount = table.Column<int>(type: "int", nullable: false),
                    BasicPaid = table.Column<long>(type: "bigint", nullable: false),
                    SeriousIllnessBase = table.Column<long>(type: "bigint", nullable: false),
                    SeriousIllnessPaid = table.Column<long>(type: "bigint", nullable: false),
                    SupplementaryPaid = table.Column<long>(type: "bigint", nullable: false),
                    AssistancePaid = table.Column<long>(type: "bigint", nullable: false),
                    SelfPayAfterTopUp = table.Column<long>(type: "bigint", nullable: false),
                    HighCostReliefPaid = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_member_year_accumulators", x => new { x.MemberId, x.Year });
                });

            migrationBuilder.CreateTable(
                name: "members",
                columns: table => new
                {
                    Id = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    NationalIdLookup = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    NationalIdCipher = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    NationalIdMasked = table.Column<string>(type: "nvarchar(18)", maxLength: 18, nullable: false),
                    NameCipher = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: false),
                    BirthDate = table.Column<DateOnly>(type: "date", nullable: false),
                    Sex = table.Column<string>(type: "nvarchar(1)", maxLength: 1, nullable: false),
                    Township = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Village = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_members", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "settlements",
                columns: table => new
                {
                    Seq = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Id = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    HospitalId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    VisitNo = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    MemberId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    AdmissionId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Year = table.Column<int>(type: "int", nullable: false),
                    PolicyVersion = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    BookedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    KeyId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    AdmittedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    DischargedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Categories = table.Column<int>(type: "int", nullable: false),
                    HospitalLevel = table.Column<int>(type: "int", nullable: false),
                    HospitalRegion = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    HospitalDesignated = table.Column<bool>(type: "bit", nullable: false),
                    Referred = table.Column<bool>(type: "bit", nullable: false),
                    InsuranceApplicable = table.Column<bool>(type: "bit", nullable: false),
                    NotApplicableReason = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    DiagnosesJson = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    FeesJson = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    LinesJson = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    TotalCost = table.Column<long>(type: "bigint", nullable: false),
                    InScope = table.Column<long>(type: "bigint", nullable: false),
                    PreSelfPay = table.Column<long>(type: "bigint", nullable: false),
                    OutOfScope = table.Column<long>(type: "bigint", nullable: false),
                    OverLimit = table.Column<long>(type: "bigint", nullable: false),
                    BasicInsurance = table.Column<long>(type: "bigint", nullable: false),
                    SeriousIllnessInsurance = table.Column<long>(type: "bigint", nullable: false),
                    SupplementaryInsurance = table.Column<long>(type: "bigint", nullable: false),
                    MedicalAssistance = table.Column<long>(type: "bigint", nullable: false),
                    SpecialReliefTopUp = table.Column<long>(type: "bigint", nullable: false),
                    SpecialReliefHighCost = table.Column<long>(type: "bigint", nullable: false),
                    PatientPays = table.Column<long>(type: "bigint", nullable: false),
                    ReimbursementRatioBp = table.Column<int>(type: "int", nullable: false),
                    AccumulatorsAfterJson = table.Column<string>(type: "nvarchar(max)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_settlements", x => x.Seq);
                });

            migrationBuilder.CreateTable(
                name: "voids",
                columns: table => new
                {
                    SettlementId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Reason = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: false),
                    VoidedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    KeyId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_voids", x => x.SettlementId);
                });

            migrationBuilder.CreateTable(
                name: "member_categories",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    MemberId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Category = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    From = table.Column<DateOnly>(type: "date", nullable: false),
                    To = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_member_categories", x => x.Id);
                    table.ForeignKey(
                        name: "FK_member_categories_members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_admissions_HospitalId_VisitNo",
                table: "admissions",
                columns: new[] { "HospitalId", "VisitNo" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_admissions_MemberId_HospitalId",
                table: "admissions",
                columns: new[] { "MemberId", "HospitalId" });

            migrationBuilder.CreateIndex(
                name: "IX_audit_log_At",
                table: "audit_log",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_ledger_entries_BookedAt_HospitalId",
                table: "ledger_entries",
                columns: new[] { "BookedAt", "HospitalId" });

            migrationBuilder.CreateIndex(
                name: "IX_ledger_entries_SettlementId",
                table: "ledger_entries",
                column: "SettlementId");

            migrationBuilder.CreateIndex(
                name: "IX_member_categories_MemberId",
                table: "member_categories",
                column: "MemberId");

            migrationBuilder.CreateIndex(
                name: "IX_members_NationalIdLookup",
                table: "members",
                column: "NationalIdLookup",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_settlements_HospitalId_Seq",
                table: "settlements",
                columns: new[] { "HospitalId", "Seq" });

            migrationBuilder.CreateIndex(
                name: "IX_settlements_HospitalId_VisitNo",
                table: "settlements",
                columns: new[] { "HospitalId", "VisitNo" });

            migrationBuilder.CreateIndex(
                name: "IX_settlements_Id",
                table: "settlements",
                column: "Id",
                unique: true,
                filter: "[Id] IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_settlements_MemberId_Year",
                table: "settlements",
                columns: new[] { "MemberId", "Year" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "admissions");

            migrationBuilder.DropTable(
                name: "audit_log");

            migrationBuilder.DropTable(
                name: "hospitals");

            migrationBuilder.DropTable(
                name: "idempotency_keys");

            migrationBuilder.DropTable(
                name: "ledger_entries");

            migrationBuilder.DropTable(
                name: "member_categories");

            migrationBuilder.DropTable(
                name: "member_year_accumulators");

            migrationBuilder.DropTable(
                name: "settlements");

            migrationBuilder.DropTable(
                name: "voids");

            migrationBuilder.DropTable(
                name: "members");
        }
    }
}
