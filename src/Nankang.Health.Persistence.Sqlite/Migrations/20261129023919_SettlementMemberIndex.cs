using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nankang.Health.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class SettlementMemberIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_settlements_MemberId_Year",
                table: "settlements");

            migrationBuilder.DropIndex(
                name: "IX_settlements_Year_MemberId_Seq",
                table: "settlements");

            migrationBuilder.CreateIndex(
                name: "IX_settlements_MemberId_Year_Seq",
                table: "settlements",
                columns: new[] { "MemberId", "Year", "Seq" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_settlements_MemberId_Year_Seq",
                table: "settlements");

            migrationBuilder.CreateIndex(
                name: "IX_settlements_MemberId_Year",
                table: "settlements",
                columns: new[] { "MemberId", "Year" });

            migrationBuilder.CreateIndex(
                name: "IX_settlements_Year_MemberId_Seq",
                table: "settlements",
                columns: new[] { "Year", "MemberId", "Seq" });
        }
    }
}
