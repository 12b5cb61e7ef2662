export { AuthModule } from './auth.module.js';
export { PasswordHasher } from './login/password-hasher.js';
export { UsersService } from './users/users.service.js';
