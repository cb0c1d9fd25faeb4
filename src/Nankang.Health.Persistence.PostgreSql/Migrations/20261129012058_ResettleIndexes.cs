using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nankang.Health.Persistence.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class ResettleIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_settlements_Year_MemberId_Seq",
                table: "settlements",
                columns: new[] { "Year", "MemberId", "Seq" });

            migrationBuilder.CreateIndex(
                name: "IX_ledger_entries_Year_Kind",
                table: "ledger_entries",
                columns: new[] { "Year", "Kind" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_settlements_Year_MemberId_Seq",
                table: "settlements");

            migrationBuilder.DropIndex(
                name: "IX_ledger_entries_Year_Kind",
                table: "ledger_entries");
        }
    }
}
