/**
 * The reflect-metadata keys @nestjs/swagger's decorators write (its `DECORATORS`, which its package
 * exports do not expose). The input rules read them, so a route says once what it reads and who may
 * call it, for the document and for the server alike.
 */
export const SWAGGER_METADATA = {
  /** `@ApiConsumes(...)`: the media types a route's body may have. */
  consumes: 'swagger/apiConsumes',
  /** `@ApiSecurity`/`@ApiBearerAuth`: the operation's security requirements (`[]`: public). */
  security: 'swagger/apiSecurity',
  /** `@ApiProperty(...)` of a DTO property (`nullable`, `type`, `isArray`). */
  modelProperties: 'swagger/apiModelProperties',
} as const;
